import type { ReasonCode } from './reasons.js';

/**
 * One line of `.wa-hook/events.jsonl` (format: line.ts, docs/event-log.md): what arrived at the callback and what the
 * receiver answered. The raw body is kept byte-exact so `send-sample --replay` can resend the original bytes;
 * for refused requests only its first 64 KiB are kept (`bodySize` then says how many arrived). Readers must
 * ignore fields they do not know: new ones are only ever added.
 */
export interface EventRecord {
  /** `evt_` + base36 time + random, sortable by arrival. */
  id: string;
  /** ISO 8601 arrival time. */
  receivedAt: string;
  /**
   * `event`: accepted POST; `verification`: handshake GET; `rejected`: refused POST (bad signature, JSON, size);
   * `graph`: a call the bot made to local WhatsApp's Graph API (`up --local`), its request in `body` and the
   * answer in `graph`. Readers that do not know a kind skip it.
   */
  kind: 'event' | 'verification' | 'rejected' | 'graph';
  method: string;
  /** Path and query as received; a verify token in the query is masked. */
  url: string;
  /** Request headers, names lowercased. */
  headers: Record<string, string>;
  /** HTTP status the receiver (or the forwarded backend) answered. */
  status: number;
  signature: 'valid' | 'invalid' | 'missing' | 'unchecked';
  /** Why a request was refused or a verification failed: a code, rendered in words by reasons.ts. */
  reason?: ReasonCode;
  /** The particulars of `reason`, when it has any (the JSON parser's message, the masked tokens, a status). */
  detail?: string;
  /** Raw body as text when it is valid UTF-8 (always, for Meta's ASCII JSON). */
  body?: string;
  /** Raw body in base64 when it is not valid UTF-8 (or escaping it as text would take more room). */
  bodyBase64?: string;
  /** Set when only the first part of the body was stored (refused requests): the byte count that arrived. */
  bodySize?: number;
  /** One of wa-hook's own probes (`verify/handshake`), set only when its X-Wa-Hook-Probe mac checked out (probe.ts). */
  probe?: string;
  /** Forward mode: the backend's side of the exchange. */
  forward?: { target: string; status?: number; ms: number; error?: string };
  /** kind `graph`: what local WhatsApp answered, how long it took, and the one-line summary. */
  graph?: GraphCallFields;
}

export interface GraphCallFields {
  ms: number;
  summary: string;
  response?: unknown;
  /** The recipient of a send (digits), for `--from`/`--to` style filters. */
  to?: string;
}

/** The original request bytes of a record. */
export function recordBody(record: EventRecord): Buffer {
  if (record.bodyBase64 !== undefined) return Buffer.from(record.bodyBase64, 'base64');
  return Buffer.from(record.body ?? '', 'utf8');
}
