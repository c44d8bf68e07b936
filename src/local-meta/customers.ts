/**
 * What local Meta knows about the people the business talks to, the way Meta keys them: by wa_id (the phone
 * number, digits) and by BSUID (business-scoped user id, `US.1349…`). Every inbound message opens or refreshes
 * the 24-hour customer service window; messages are remembered by wamid so reactions and read receipts can
 * point at them. Pure: times come from the caller (the movable clock).
 */
import { createHash } from 'node:crypto';

export const WINDOW_MS = 24 * 3_600_000;

export interface Customer {
  waId: string;
  bsuid: string;
  name?: string;
  /** Time of the last inbound message (ms); the window is open for WINDOW_MS after it. */
  lastInboundAt?: number;
}

export interface KnownMessage {
  waId: string;
  direction: 'inbound' | 'outbound';
}

// A few calling codes → ISO country for the BSUID prefix; Meta's own prefix is the user's country.
const COUNTRY_BY_CODE: ReadonlyArray<[string, string]> = [
  ['1', 'US'],
  ['44', 'GB'],
  ['49', 'DE'],
  ['33', 'FR'],
  ['34', 'ES'],
  ['39', 'IT'],
  ['52', 'MX'],
  ['55', 'BR'],
  ['91', 'IN'],
  ['62', 'ID'],
  ['234', 'NG'],
  ['27', 'ZA'],
];

/** A stable BSUID for a wa_id: same number, same id, across runs (a hash, never the number itself). */
export function bsuidFor(waId: string): string {
  const country = COUNTRY_BY_CODE.filter(([code]) => waId.startsWith(code)).sort(
    (a, b) => b[0].length - a[0].length,
  )[0];
  const digest = createHash('sha256').update(`wa-hook bsuid ${waId}`).digest();
  let digits = '';
  for (const byte of digest.subarray(0, 20)) digits += String(byte % 10);
  return `${country?.[1] ?? 'US'}.${digits}`;
}

/** Bounded so a bench of millions of sends keeps a flat memory profile. */
const MAX_MESSAGES = 200_000;

export class CustomerBook {
  private readonly byWaId = new Map<string, Customer>();
  private readonly byBsuid = new Map<string, Customer>();
  private readonly messages = new Map<string, KnownMessage>();

  /** The customer with this wa_id or BSUID, created on first sight when it is a wa_id. */
  customer(id: string): Customer {
    const known = this.byWaId.get(id) ?? this.byBsuid.get(id);
    if (known) return known;
    const customer: Customer = { waId: id, bsuid: bsuidFor(id) };
    this.byWaId.set(customer.waId, customer);
    this.byBsuid.set(customer.bsuid, customer);
    return customer;
  }

  find(id: string): Customer | undefined {
    return this.byWaId.get(id) ?? this.byBsuid.get(id);
  }

  /** An inbound message: opens the window, remembers the message and the name. */
  inbound(waId: string, wamid: string, at: number, name?: string, bsuid?: string): Customer {
    const customer = this.customer(waId);
    if (bsuid && bsuid !== customer.bsuid && !this.byBsuid.has(bsuid)) {
      this.byBsuid.set(bsuid, customer);
    }
    if (name) customer.name = name;
    customer.lastInboundAt = Math.max(customer.lastInboundAt ?? at, at);
    this.remember(wamid, { waId: customer.waId, direction: 'inbound' });
    return customer;
  }

  outbound(waId: string, wamid: string): void {
    this.remember(wamid, { waId, direction: 'outbound' });
  }

  message(wamid: string): KnownMessage | undefined {
    return this.messages.get(wamid);
  }

  windowOpen(id: string, now: number): boolean {
    const at = this.find(id)?.lastInboundAt;
    return at !== undefined && now - at < WINDOW_MS;
  }

  private remember(wamid: string, message: KnownMessage): void {
    if (this.messages.size >= MAX_MESSAGES) {
      const oldest = this.messages.keys().next().value;
      if (oldest !== undefined) this.messages.delete(oldest);
    }
    this.messages.set(wamid, message);
  }
}
