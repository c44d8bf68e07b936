import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { EventRecord } from './record.js';

let lastTime = 0;
let sequence = 0;

// One randomBytes() call per id cost ~13% of the receiver's CPU at 20k events/s (a synchronous crypto job
// each): draw the random suffixes from a pool refilled every 1,024 ids instead.
const RANDOM_POOL_BYTES = 3 * 1024;
let randomPool = Buffer.alloc(0);
let randomOffset = 0;

function randomHex3(): string {
  if (randomOffset + 3 > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES);
    randomOffset = 0;
  }
  randomOffset += 3;
  return randomPool.toString('hex', randomOffset - 3, randomOffset);
}

/** Ids sort by arrival: base36 milliseconds, a per-millisecond sequence, then randomness. */
export function newEventId(now = Date.now()): string {
  sequence = now === lastTime ? sequence + 1 : 0;
  lastTime = now;
  return `evt_${now.toString(36)}${sequence.toString(36).padStart(3, '0')}${randomHex3()}`;
}

/** ISO 8601 time of arrival. */
export function isoTime(now = Date.now()): string {
  return new Date(now).toISOString();
}

/** One request header as text: node:http joins a repeated unknown header with ", " already; an array is joined alike. */
export function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The request's headers as recorded: names lowercase, repeated values joined (node:http already does both). */
export function headersOf(req: IncomingMessage): Record<string, string> {
  const headers = req.headers;
  // In a request only Set-Cookie stays an array: without it node's object is already the record's shape.
  if (headers['set-cookie'] === undefined) return headers as Record<string, string>;
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** What is kept of a refused request's body: enough to see what it was, not a way to fill the disk. */
export const REFUSED_BODY_LIMIT = 64 * 1024;

export interface BodyFacts {
  /** The request was refused: keep only its first REFUSED_BODY_LIMIT bytes. */
  refused?: boolean;
  /** Already known (isUtf8 ran): skip a second pass. */
  utf8?: boolean;
  /** Already decoded text of the whole body. */
  text?: string;
  /** JSON.parse accepted the body: it can be stored verbatim (record-line.ts). */
  json?: boolean;
}

export interface StoredBody {
  fields: Pick<EventRecord, 'body' | 'bodyBase64' | 'bodySize'>;
  /** Pass to EventLog.append: the body's bytes, written verbatim instead of escaped. */
  json?: Buffer;
}

/** A cut at `limit` moved back to a UTF-8 character boundary, so a text body stays text. */
function cutAt(body: Buffer, limit: number): number {
  let cut = limit;
  while (cut > limit - 4 && ((body[cut] ?? 0) & 0xc0) === 0x80) cut--;
  return cut;
}

const CONTROL_CHARACTER = /[\u0000-\u001f]/;

/**
 * Keeps the raw bytes exactly (only the first 64 KiB of a refused body): verbatim when they are JSON text,
 * as text when they are valid UTF-8 and escaping adds at most a third (the size of base64) or they hold no
 * control character, else base64. Control bytes would otherwise take 6 bytes each (`\u0001`).
 */
export function storedBody(body: Buffer, facts: BodyFacts = {}): StoredBody {
  if (body.length === 0) return { fields: {} };
  const whole = !facts.refused || body.length <= REFUSED_BODY_LIMIT;
  const bytes = whole ? body : body.subarray(0, cutAt(body, REFUSED_BODY_LIMIT));
  const bodySize = whole ? undefined : { bodySize: body.length };
  const utf8 = whole && facts.utf8 !== undefined ? facts.utf8 : isUtf8(bytes);
  if (!utf8) return { fields: { bodyBase64: bytes.toString('base64'), ...bodySize } };
  const text = whole && facts.text !== undefined ? facts.text : bytes.toString('utf8');
  if (whole && facts.json) return { fields: { body: text }, json: bytes };
  // Base64 costs a third more; escaping control bytes costs up to 5 more per byte (`\u0001`). Without
  // control characters only `"` and `\` grow (to two bytes): kept as text without an escaping pass to measure.
  if (CONTROL_CHARACTER.test(text) && Buffer.byteLength(JSON.stringify(text)) - 2 > (bytes.length * 4) / 3) {
    return { fields: { bodyBase64: bytes.toString('base64'), ...bodySize } };
  }
  return { fields: { body: text, ...bodySize } };
}

/** The request URL with any verify token masked: the event log must never hold a secret. */
export function loggableUrl(url: URL): string {
  // No query, nothing to mask: skip the copy (a URL parse per forwarded request).
  if (url.search === '') return url.pathname;
  const params = [...url.searchParams];
  // Whatever its casing or repetition (HUB.VERIFY_TOKEN, PHP's hub_verify_token): a server may read any of them.
  if (!params.some(([key]) => VERIFY_TOKEN_KEY.test(key))) return `${url.pathname}${url.search}`;
  const masked = new URLSearchParams();
  for (const [key, value] of params) masked.append(key, VERIFY_TOKEN_KEY.test(key) ? maskToken(value) : value);
  return `${url.pathname}?${masked.toString()}`;
}

const VERIFY_TOKEN_KEY = /^hub[._]verify_token$/i;

function maskToken(token: string): string {
  return token.length > 4 ? `${token.slice(0, 4)}…` : '…';
}
