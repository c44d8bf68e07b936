/**
 * The filters of `wa-hook events` and the inspector: `--type`, `--field`, `--from`, `--since`, `--probes`. Pure: the caller
 * passes the current time, so `10m` means the same thing in a test and in a terminal.
 */
import type { EventRecord } from './record/record.js';
import type { EventFacts } from './facts.js';
import { WHATSAPP_FIELDS } from './fields.js';
import { suggestNames } from '../ui/did-you-mean.js';
import { isHiddenProbe } from './probe.js';

export interface EventQuery {
  /** Any of these words (kind, message type, status, error, field); empty = all. */
  types?: string[];
  /** Webhook fields (`messages`, `message_template_status_update`, …); empty = all. */
  fields?: string[];
  /** Sender wa_id / BSUID, digits compared without `+`, spaces or dashes. */
  from?: string;
  /** Epoch milliseconds; older records are left out. */
  since?: number;
  /** Also wa-hook's own probes (isHiddenProbe), hidden otherwise unless `types` asks for `probe`. */
  probes?: boolean;
}

const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `10m`, `2h`, `1d`, `90s`, `1w` ago, or an ISO date/time; undefined when it is neither. */
export function parseSince(text: string, now: number): number | undefined {
  const [, count, unit] = /^\s*(\d+)\s*([smhdw])\s*$/i.exec(text) ?? [];
  const unitMs = unit === undefined ? undefined : UNITS[unit.toLowerCase()];
  if (unitMs !== undefined) return now - Number(count) * unitMs;
  // Only date-like text: Date.parse accepts oddities such as "1" that nobody means.
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  const time = Date.parse(text.trim());
  return Number.isNaN(time) ? undefined : time;
}

/** `text,image` or `text image` → ['text', 'image'], lowercased. */
export function parseTypes(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/[\s,]+/)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
}

/**
 * `--field a,b`: lowercased field names; throws an Error naming the first unknown one with close matches
 * from Meta's field table (a typo would otherwise just match nothing).
 */
export function parseFields(text: string | undefined): string[] {
  const fields = parseTypes(text);
  for (const field of fields) {
    if (WHATSAPP_FIELDS.includes(field)) continue;
    const close = suggestNames(field, WHATSAPP_FIELDS);
    throw new Error(
      `unknown webhook field "${field}"${close.length ? ` — did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : ''}`,
    );
  }
  return fields;
}

/** Digits only for phone-number-like ids (`+1 650-555-1234` = `16505551234`); BSUIDs compare as typed. */
export function normalizeSender(id: string): string {
  const trimmed = id.trim();
  return /^[+\d][\d\s().-]*$/.test(trimmed) ? trimmed.replace(/\D/g, '') : trimmed;
}

/** Is the record one of wa-hook's own probes that this query leaves out? (Cheap: no payload parsing.) */
export function hidesProbe(record: EventRecord, query: EventQuery): boolean {
  return !query.probes && !(query.types ?? []).includes('probe') && isHiddenProbe(record);
}

export function matchesQuery(record: EventRecord, facts: EventFacts, query: EventQuery): boolean {
  if (hidesProbe(record, query)) return false;
  if (query.since !== undefined && Date.parse(record.receivedAt) < query.since) return false;
  if (query.types && query.types.length > 0 && !query.types.some((t) => facts.types.includes(t))) return false;
  if (query.fields && query.fields.length > 0 && !query.fields.some((f) => facts.fields.includes(f))) return false;
  if (query.from !== undefined && query.from !== '') {
    const wanted = normalizeSender(query.from);
    if (!facts.from.some((f) => normalizeSender(f) === wanted)) return false;
  }
  return true;
}
