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

let isoMs = Number.NaN;
let isoText = '';

/** ISO 8601 time, formatted once per millisecond: under load many requests share one. */
export function isoTime(now = Date.now()): string {
  if (now !== isoMs) {
    isoMs = now;
    isoText = new Date(now).toISOString();
  }
  return isoText;
}

export function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const headers = req.headers;
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Keeps the raw bytes exactly: as text when they are valid UTF-8 (Meta's ASCII JSON always is), else base64. */
export function bodyFields(body: Buffer, text?: string): Pick<EventRecord, 'body' | 'bodyBase64'> {
  if (body.length === 0) return {};
  // isUtf8 is one native pass; decoding and re-encoding to compare cost three.
  return isUtf8(body) ? { body: text ?? body.toString('utf8') } : { bodyBase64: body.toString('base64') };
}

/** The request URL with any verify token masked: the event log must never hold a secret. */
export function loggableUrl(url: URL): string {
  // No query, nothing to mask: skip the copy (a URL parse per forwarded request).
  if (url.search === '') return url.pathname;
  const copy = new URL(url.href);
  const token = copy.searchParams.get('hub.verify_token');
  if (token !== null) copy.searchParams.set('hub.verify_token', token.length > 4 ? `${token.slice(0, 4)}…` : '…');
  return `${copy.pathname}${copy.search}`;
}
