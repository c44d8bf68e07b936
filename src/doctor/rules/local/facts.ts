/**
 * What `doctor` learns from local WhatsApp's records in the event log: the bot's sends (kind `graph`, POST
 * …/messages, answered or refused) and the `failed` statuses local WhatsApp delivered for them. Pure: records
 * in, facts out; reading the log is log-facts-io.ts.
 */
import type { EventRecord } from '../../../events/record/record.js';
import { isRecord, recordAt } from '../../../json-narrow.js';

export interface LocalSend {
  /** Recipient as the bot wrote it, digits only. */
  to: string;
  /** Arrival time (ms). */
  at: number;
  /** HTTP status local WhatsApp answered: 200 accepted (a wamid), else refused with `code`. */
  status: number;
  wamid?: string;
  code?: number;
  /** The live view's line, e.g. `✖ bot → +16505551234: (#100) interactive.action.buttons has 4 buttons…`. */
  summary: string;
}

export interface FailedStatus {
  wamid: string;
  to: string;
  /** Arrival time at the receiver (ms). */
  at: number;
  codes: number[];
}

export interface LocalLogFacts {
  /** Oldest first. */
  sends: LocalSend[];
  /** Oldest first. */
  failed: FailedStatus[];
}

function arrival(record: EventRecord): number {
  return Date.parse(record.receivedAt);
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A send of the bot (not a mark-as-read, which is POSTed to the same edge), or undefined. */
export function sendOf(record: EventRecord): LocalSend | undefined {
  if (record.kind !== 'graph' || record.method !== 'POST' || !/\/messages$/.test(record.url)) return undefined;
  const request = parse(record.body);
  if (isRecord(request) && request.status === 'read') return undefined;
  const response = record.graph?.response;
  const wamid = recordAt(response, 'messages', 0)?.id;
  const code = isRecord(response) && isRecord(response.error) ? response.error.code : undefined;
  const to =
    record.graph?.to ?? (isRecord(request) && typeof request.to === 'string' ? request.to.replace(/\D/g, '') : '');
  return {
    to,
    at: arrival(record),
    status: record.status,
    ...(typeof wamid === 'string' ? { wamid } : {}),
    ...(typeof code === 'number' ? { code } : {}),
    summary: record.graph?.summary ?? `POST ${record.url} ${record.status}`,
  };
}

/** The `failed` statuses of an accepted webhook. */
export function failedStatusesOf(record: EventRecord): FailedStatus[] {
  if (record.kind !== 'event' || record.status >= 300) return [];
  const body = parse(record.body);
  const out: FailedStatus[] = [];
  for (const entry of isRecord(body) && Array.isArray(body.entry) ? body.entry : [])
    for (const change of isRecord(entry) && Array.isArray(entry.changes) ? entry.changes : []) {
      const value = isRecord(change) ? change.value : undefined;
      for (const s of isRecord(value) && Array.isArray(value.statuses) ? value.statuses : []) {
        if (!isRecord(s) || s.status !== 'failed' || typeof s.id !== 'string') continue;
        const codes = (Array.isArray(s.errors) ? s.errors : [])
          .map((e) => (isRecord(e) ? e.code : undefined))
          .filter((c): c is number => typeof c === 'number');
        out.push({
          wamid: s.id,
          to: typeof s.recipient_id === 'string' ? s.recipient_id : '',
          at: arrival(record),
          codes,
        });
      }
    }
  return out;
}

/** Facts from records in log order (oldest first). */
export function localLogFacts(records: readonly EventRecord[]): LocalLogFacts {
  const facts: LocalLogFacts = { sends: [], failed: [] };
  for (const record of records) {
    const send = sendOf(record);
    if (send) facts.sends.push(send);
    else facts.failed.push(...failedStatusesOf(record));
  }
  return facts;
}
