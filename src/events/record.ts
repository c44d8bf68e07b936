/**
 * One line of `.wa-hook/events.jsonl`: what arrived at the callback and what the receiver answered.
 * The raw body is kept byte-exact so `send-sample --replay` can resend the original bytes.
 */
export interface EventRecord {
  /** `evt_` + base36 time + random, sortable by arrival. */
  id: string;
  /** ISO 8601 arrival time. */
  receivedAt: string;
  /** `event`: accepted POST; `verification`: handshake GET; `rejected`: refused POST (bad signature, JSON, size). */
  kind: 'event' | 'verification' | 'rejected';
  method: string;
  /** Path and query as received; a verify token in the query is masked. */
  url: string;
  /** Request headers, names lowercased. */
  headers: Record<string, string>;
  /** HTTP status the receiver (or the forwarded backend) answered. */
  status: number;
  signature: 'valid' | 'invalid' | 'missing' | 'unchecked';
  /** Why a request was refused or a verification failed. */
  reason?: string;
  /** Raw body as text when it is valid UTF-8 (always, for Meta's ASCII JSON). */
  body?: string;
  /** Raw body in base64 when it is not valid UTF-8. */
  bodyBase64?: string;
  /** Forward mode: the backend's side of the exchange. */
  forward?: { target: string; status?: number; ms: number; error?: string };
}

/** The original request bytes of a record. */
export function recordBody(record: EventRecord): Buffer {
  if (record.bodyBase64 !== undefined) return Buffer.from(record.bodyBase64, 'base64');
  return Buffer.from(record.body ?? '', 'utf8');
}

/** Parses one log line; undefined for a torn or foreign line (a kill -9 can leave half a last line). */
export function parseRecordLine(line: string): EventRecord | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value = JSON.parse(line) as EventRecord;
    return typeof value?.id === 'string' && typeof value.kind === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
