/**
 * What a recorded request is about, derived from its raw body: the kind label shown in lists
 * (verification / message type / status / error / rejected), the words `--type` matches, the senders
 * `--from` matches, a short text, and the human summary lines the live view prints.
 */
import { Buffer } from 'node:buffer';
import type { EventRecord } from './record/record.js';
import { recordReason } from './record/reasons.js';
import { messageSender, messageText, statusRecipient, summarizePayload } from './summary.js';
import { asArray, fieldLabel, fieldWords, isObject, str } from './fields.js';
import { isHiddenProbe, probeOf } from './probe.js';

export interface EventFacts {
  /** One word for the list's kind column: `verification`, `rejected`, `text`, `image`, `status`, `error`, a field name… */
  label: string;
  /** Everything `--type` can match: the record kind, message types, `message`, `status` + its value, `error`, fields. */
  types: string[];
  /** The webhook fields of the payload's changes (`messages`, `message_template_status_update`, …). */
  fields: string[];
  /** Message senders (wa_id or BSUID). */
  from: string[];
  /** Status recipients. */
  to: string[];
  /** First message text or caption, if any. */
  text?: string;
  /** One line per message/status/error (as in `wa-hook up`), or why the request was refused. */
  summary: string[];
}

/** Distinct senders, recipients, fields or types kept per record: a body of 300,000 made-up ones stays a small row. */
const MAX_DISTINCT = 50;

const addOnce = (list: string[], value: string | undefined) => {
  if (value && list.length < MAX_DISTINCT && !list.includes(value)) list.push(value);
};

/** A Set that stops growing at MAX_DISTINCT. */
class CappedSet extends Set<string> {
  override add(value: string): this {
    return this.size < MAX_DISTINCT || this.has(value) ? super.add(value) : this;
  }
}

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
    const why = !probe.asExpected && record.reason ? `: ${recordReason(record)}` : '';
    return [`← ${probe.line}${why}`];
  }
  if (record.kind === 'event') return summarizePayload(payload);
  if (record.kind === 'graph') return [record.graph?.summary ?? `→ ${record.method} ${record.url} ${record.status}`];
  if (record.kind === 'verification') {
    return [
      record.status === 200
        ? '← verification answered with the challenge'
        : `← verification refused (${record.status}): ${recordReason(record) ?? ''}`.trimEnd(),
    ];
  }
  return [`← ${record.method} refused (${record.status}): ${recordReason(record) ?? ''}`.trimEnd()];
}

function collect(payload: unknown, facts: EventFacts, types: Set<string>): void {
  if (!isObject(payload)) return;
  for (const entry of asArray(payload.entry)) {
    for (const change of asArray(entry.changes)) {
      const field = str(change.field);
      addOnce(facts.fields, field);
      const value = isObject(change.value) ? change.value : {};
      if (field && field !== 'messages') {
        types.add(field);
        for (const word of fieldWords(value)) types.add(word);
      }
      for (const m of asArray(value.messages)) {
        types.add('message');
        const type = str(m.type);
        if (type) types.add(type);
        addOnce(facts.from, messageSender(m));
        facts.text ??= messageText(m);
      }
      for (const e of asArray(value.message_echoes)) {
        types.add('app-sent');
        const type = str(e.type);
        if (type) types.add(type);
        addOnce(facts.to, str(e.to) || str(e.to_user_id));
        facts.text ??= messageText(e);
      }
      for (const c of asArray(value.calls)) {
        types.add('call');
        const event = str(c.event);
        if (event) types.add(event);
        if (str(c.direction) !== 'BUSINESS_INITIATED') addOnce(facts.from, str(c.from) || str(c.from_user_id));
      }
      for (const p of asArray(value.user_preferences)) addOnce(facts.from, str(p.wa_id) || str(p.user_id));
      for (const s of asArray(value.statuses)) {
        types.add('status');
        const status = str(s.status);
        if (status) types.add(status.toLowerCase());
        addOnce(facts.to, statusRecipient(s));
        if (asArray(s.errors).length > 0) types.add('error');
      }
      if (asArray(value.errors).length > 0) types.add('error');
      for (const h of asArray(value.history)) if (asArray(h.errors).length > 0) types.add('error');
    }
  }
}

/**
 * One bad record (whatever a body holds, or a hand-edited line) shows as unreadable: it never breaks a page
 * of `events` or the inspector list.
 */
export function factsOf(record: EventRecord): EventFacts {
  if (record.reason === 'unreadable-line') return unreadable(record.detail ?? 'fields missing');
  try {
    return readFacts(record);
  } catch (error) {
    return unreadable(error instanceof Error ? error.message : String(error));
  }
}

function unreadable(why: string): EventFacts {
  return {
    label: 'unreadable',
    types: ['unreadable'],
    fields: [],
    from: [],
    to: [],
    summary: [`← unreadable record: ${why.slice(0, 120)}`],
  };
}

function readFacts(record: EventRecord): EventFacts {
  const payload = record.kind === 'event' ? parseRecordPayload(record) : undefined;
  const facts: EventFacts = {
    label: record.kind,
    types: [],
    fields: [],
    from: [],
    to: [],
    summary: summarizeRecord(record, payload),
  };
  const types = new CappedSet([record.kind]);
  collect(payload, facts, types);
  if (record.kind === 'graph') {
    addOnce(facts.to, record.graph?.to);
    if (record.status >= 400 || record.graph?.summary.startsWith('✖')) types.add('error');
  }
  facts.types = [...types];
  if (record.kind === 'event') {
    // The most telling word first: a message type, else status, else error, else the webhook field's label.
    const other = facts.fields.find((f) => f !== 'messages');
    const specific = facts.types.filter((t) => t !== 'event' && t !== 'message' && t !== other);
    facts.label = other
      ? fieldLabel(other)
      : types.has('message')
        ? (specific[0] ?? 'message')
        : types.has('status')
          ? 'status'
          : types.has('error')
            ? 'error'
            : 'event';
  }
  const probe = probeOf(record);
  // `--type probe` means wa-hook's own probes; a delivered sample is typed by what it carries.
  if (probe && isHiddenProbe(record)) facts.types.push('probe');
  if (probe) {
    if (probe.negative || record.kind !== 'event') facts.label = 'probe';
  }
  return facts;
}
