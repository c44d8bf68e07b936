/**
 * What a recorded request is about, derived from its raw body: the kind label shown in lists
 * (verification / message type / status / error / rejected), the words `--type` matches, the senders
 * `--from` matches, a short text, and the human summary lines the live view prints.
 */
import { Buffer } from 'node:buffer';
import type { EventRecord } from './record.js';
import { messageText, summarizePayload, type Json } from './summary.js';
import { probeOf } from './probe.js';

export interface EventFacts {
  /** One word for the list's kind column: `verification`, `rejected`, `text`, `image`, `status`, `error`, a field name… */
  label: string;
  /** Everything `--type` can match: the record kind, message types, `message`, `status` + its value, `error`, fields. */
  types: string[];
  /** Message senders (wa_id or BSUID). */
  from: string[];
  /** Status recipients. */
  to: string[];
  /** First message text or caption, if any. */
  text?: string;
  /** One line per message/status/error (as in `wa-hook up`), or why the request was refused. */
  summary: string[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;

/** The parsed JSON body of a record, or undefined when it has none or it is not JSON. */
export function parseRecordPayload(record: EventRecord): unknown {
  const text =
    record.bodyBase64 !== undefined ? Buffer.from(record.bodyBase64, 'base64').toString('utf8') : record.body;
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The summary lines the live view prints for a record (shared by `up`, `events` and the inspector). */
export function summarizeRecord(record: EventRecord, payload: unknown): string[] {
  const probe = probeOf(record);
  if (probe) {
    // An accepted sample still shows what it carried; everything else is said as the probe it was.
    if (record.kind === 'event' && !probe.negative) {
      return summarizePayload(payload).map((line, i) => (i === 0 ? `${line} · wa-hook ${probe.source}` : line));
    }
    const why = !probe.asExpected && record.reason ? `: ${record.reason}` : '';
    return [`← ${probe.line}${why}`];
  }
  if (record.kind === 'event') return summarizePayload(payload);
  if (record.kind === 'verification') {
    return [
      record.status === 200
        ? '← verification answered with the challenge'
        : `← verification refused (${record.status}): ${record.reason ?? ''}`.trimEnd(),
    ];
  }
  return [`← ${record.method} refused (${record.status}): ${record.reason ?? ''}`.trimEnd()];
}

function collect(payload: unknown, facts: EventFacts, types: Set<string>): void {
  if (!isObject(payload)) return;
  for (const entry of asArray(payload.entry)) {
    for (const change of asArray(entry.changes)) {
      const field = str(change.field);
      if (field && field !== 'messages') types.add(field);
      const value = isObject(change.value) ? change.value : {};
      for (const m of asArray(value.messages)) {
        types.add('message');
        const type = str(m.type);
        if (type) types.add(type);
        const from = str(m.from) ?? str(m.from_user_id);
        if (from && !facts.from.includes(from)) facts.from.push(from);
        facts.text ??= messageText(m);
      }
      for (const s of asArray(value.statuses)) {
        types.add('status');
        const status = str(s.status);
        if (status) types.add(status);
        const to = str(s.recipient_id);
        if (to && !facts.to.includes(to)) facts.to.push(to);
        if (asArray(s.errors).length > 0) types.add('error');
      }
      if (asArray(value.errors).length > 0) types.add('error');
    }
  }
}

export function factsOf(record: EventRecord): EventFacts {
  const payload = record.kind === 'event' ? parseRecordPayload(record) : undefined;
  const facts: EventFacts = {
    label: record.kind,
    types: [],
    from: [],
    to: [],
    summary: summarizeRecord(record, payload),
  };
  const types = new Set<string>([record.kind]);
  collect(payload, facts, types);
  facts.types = [...types];
  if (record.kind === 'event') {
    // The most telling word first: a message type, else status, else error, else the webhook field.
    const specific = facts.types.filter((t) => t !== 'event' && t !== 'message');
    facts.label = types.has('message')
      ? (specific[0] ?? 'message')
      : types.has('status')
        ? 'status'
        : types.has('error')
          ? 'error'
          : (specific[0] ?? 'event');
  }
  const probe = probeOf(record);
  if (probe) {
    facts.types.push('probe');
    if (probe.negative || record.kind !== 'event') facts.label = 'probe';
  }
  return facts;
}
