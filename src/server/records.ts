import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { EventRecord } from '../core/event-record.js';

let lastTime = 0;
let sequence = 0;

/** Ids sort by arrival: base36 milliseconds, a per-millisecond sequence, then randomness. */
export function newEventId(now = Date.now()): string {
  sequence = now === lastTime ? sequence + 1 : 0;
  lastTime = now;
  return `evt_${now.toString(36)}${sequence.toString(36).padStart(3, '0')}${randomBytes(3).toString('hex')}`;
}

export function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Keeps the raw bytes exactly: as text when they are valid UTF-8 (Meta's ASCII JSON always is), else base64. */
export function bodyFields(body: Buffer): Pick<EventRecord, 'body' | 'bodyBase64'> {
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  return Buffer.byteLength(text) === body.length && Buffer.from(text, 'utf8').equals(body) ? { body: text } : { bodyBase64: body.toString('base64') };
}

/** The request URL with any verify token masked: the event log must never hold a secret. */
export function loggableUrl(url: URL): string {
  const copy = new URL(url.href);
  const token = copy.searchParams.get('hub.verify_token');
  if (token !== null) copy.searchParams.set('hub.verify_token', token.length > 4 ? `${token.slice(0, 4)}…` : '…');
  return `${copy.pathname}${copy.search}`;
}
