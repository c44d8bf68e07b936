import { randomFillSync } from 'node:crypto';

/**
 * Fresh Meta-looking ids for samples. A real wamid is `wamid.` + base64 of a small binary record
 * (decoded from Meta's examples in webhooks/reference/messages): 1c 18 <len> <peer phone digits> 15 02 00 <12 inbound | 11 outbound>
 * 18 <len> <uppercase hex message id> 00 — which is why every one starts `wamid.HBg` and most end in `=`.
 * `HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRB…RgA=` decodes to 16503879439 + inbound + "3A4A6599AEE03810144F".
 * Ids stay unique through the random hex part (80 bits inbound, 72 outbound); random bytes come from a
 * pooled buffer so a burst of thousands does not make a crypto call per id.
 */
export interface WamidOptions {
  /** The user's phone number (digits) the message is exchanged with; Meta encodes it in the id. */
  peer?: string;
  /** A message the business sent (statuses, echoes, reply contexts) rather than one it received. */
  outbound?: boolean;
}

export interface IdFactory {
  wamid(options?: WamidOptions): string;
  /** Media ids are numeric strings (e.g. "27251809591111687"). */
  mediaId(): string;
}

/** Fills a buffer with random bytes; a seeded source can be passed for reproducible ids. */
export type RandomFill = (buffer: Buffer) => void;

const POOL_BYTES = 4096;
const DEFAULT_PEER = '16505551234';
const HEX = '0123456789ABCDEF';

/** Encodes one wamid from its parts (pure; exported for tests and a seeded factory). */
export function encodeWamid(peer: string, outbound: boolean, messageId: string): string {
  const digits = /^\d{1,30}$/.test(peer) ? peer : DEFAULT_PEER;
  const blob = Buffer.concat([
    Buffer.from([0x1c, 0x18, digits.length]),
    Buffer.from(digits, 'ascii'),
    Buffer.from([0x15, 0x02, 0x00, outbound ? 0x11 : 0x12, 0x18, messageId.length]),
    Buffer.from(messageId, 'ascii'),
    Buffer.from([0x00]),
  ]);
  return `wamid.${blob.toString('base64')}`;
}

/** The phone number and direction inside a Meta-style wamid, or undefined when it is not one. */
export function decodeWamid(wamid: string): { peer: string; outbound: boolean; messageId: string } | undefined {
  if (!wamid.startsWith('wamid.HBg')) return undefined;
  const b = Buffer.from(wamid.slice(6), 'base64');
  const n = b[2] ?? 0;
  const at = 3 + n;
  if (b[0] !== 0x1c || b[1] !== 0x18 || b[at] !== 0x15 || b[at + 4] !== 0x18) return undefined;
  const idLength = b[at + 5] ?? 0;
  return {
    peer: b.toString('ascii', 3, at),
    outbound: b[at + 3] === 0x11,
    messageId: b.toString('ascii', at + 6, at + 6 + idLength),
  };
}

export function createIdFactory(fill: RandomFill = randomFillSync): IdFactory {
  const pool = Buffer.allocUnsafe(POOL_BYTES);
  let offset = POOL_BYTES;
  const take = (n: number): number => {
    if (offset + n > POOL_BYTES) {
      fill(pool);
      offset = 0;
    }
    const start = offset;
    offset += n;
    return start;
  };
  const hex = (chars: number): string => {
    const start = take(chars);
    let out = '';
    for (let k = 0; k < chars; k++) out += HEX[pool.readUInt8(start + k) & 15];
    return out;
  };
  return {
    wamid(options = {}) {
      // Inbound ids from phones are 20 hex characters (iOS ones start 3A); API sends carry 18.
      const id = options.outbound ? hex(18) : `3A${hex(18)}`;
      return encodeWamid(options.peer ?? DEFAULT_PEER, options.outbound ?? false, id);
    },
    mediaId() {
      const start = take(17);
      let id = String(1 + (pool.readUInt8(start) % 9));
      for (let k = 1; k < 17; k++) id += String(pool.readUInt8(start + k) % 10);
      return id;
    },
  };
}
