import type { EventRecord } from './record.js';

const KINDS: ReadonlyArray<EventRecord['kind']> = ['event', 'verification', 'rejected', 'graph'];
const SIGNATURES: ReadonlyArray<EventRecord['signature']> = ['valid', 'invalid', 'missing', 'unchecked'];
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

/**
 * A line of the event log is a record when its fields have the record's types (a foreign or hand-edited line is
 * skipped, not read wrong later). `reason` is only checked to be a string: a newer wa-hook may write a code this
 * one does not know, and reasonText says the code itself then. Optional objects (forward, graph) are checked as
 * objects. Cheap next to the JSON.parse before it.
 */
export function isEventRecord(value: unknown): value is EventRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const r: Partial<Record<keyof EventRecord, unknown>> = value;
  return (
    typeof r.id === 'string' &&
    typeof r.receivedAt === 'string' &&
    KINDS.some((k) => k === r.kind) &&
    typeof r.method === 'string' &&
    typeof r.url === 'string' &&
    typeof r.headers === 'object' &&
    r.headers !== null &&
    typeof r.status === 'number' &&
    SIGNATURES.some((s) => s === r.signature) &&
    optionalString(r.reason) &&
    optionalString(r.detail) &&
    optionalString(r.body) &&
    optionalString(r.bodyBase64) &&
    optionalString(r.probe) &&
    (r.bodySize === undefined || typeof r.bodySize === 'number') &&
    (r.forward === undefined || (typeof r.forward === 'object' && r.forward !== null)) &&
    (r.graph === undefined || (typeof r.graph === 'object' && r.graph !== null))
  );
}

/** A record whose every field has its type: what recordOf tries each field of a bad line against. */
const SOUND: EventRecord = {
  id: 'evt_0',
  receivedAt: new Date(0).toISOString(),
  kind: 'event',
  method: '',
  url: '',
  headers: {},
  status: 0,
  signature: 'unchecked',
};

/**
 * A parsed log line → its record. A line that names an id but whose other fields lack a record's types (edited by
 * hand, written by another version) is kept as an `unreadable-line` record: listed and shown as unreadable, never
 * silently dropped, and none of its fields but the id and the time are trusted.
 */
export function recordOf(value: unknown): EventRecord | undefined {
  if (isEventRecord(value)) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const r: Partial<Record<keyof EventRecord, unknown>> = value;
  // A kind this version does not know is skipped, as record.ts promises readers do.
  if (typeof r.id !== 'string' || (typeof r.kind === 'string' && !KINDS.some((k) => k === r.kind))) return undefined;
  const wrong = Object.entries(value).flatMap(([key, field]: [string, unknown]) =>
    isEventRecord({ ...SOUND, [key]: field }) ? [] : [key],
  );
  return {
    ...SOUND,
    id: r.id,
    receivedAt: typeof r.receivedAt === 'string' ? r.receivedAt : SOUND.receivedAt,
    reason: 'unreadable-line',
    detail: wrong.length > 0 ? `wrong type: ${wrong.slice(0, 5).join(', ')}` : 'fields missing',
  };
}
