/**
 * JSON endpoints of the inspector page. Everything from a payload leaves here as JSON data; the page
 * puts it on screen with textContent only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventRecord } from '../events/record/record.js';
import { factsOf, parseRecordPayload, type EventFacts } from '../events/facts.js';
import { hidesProbe, matchesQuery, parseTypes, type EventQuery } from '../events/query.js';
import { isHiddenProbe } from '../events/probe.js';
import { verdictOf } from '../events/verdict.js';
import { judgeAckTime } from '../events/ack-time.js';
import { replayRefusal } from '../samples/replay-policy.js';
import { findById, readPage } from '../events/log/reader-io.js';
import type { InspectorActions } from './actions-io.js';
import { readJsonObject } from '../receiver/read-body-io.js';

/** One row of the page's event list: the record's facts plus what the list shows about the answer. */
export interface EventRow extends EventFacts, Pick<EventRecord, 'id' | 'receivedAt' | 'kind' | 'signature' | 'status'> {
  ok: boolean;
  /** Forward mode: the backend acknowledged, but slower than --slow-ms (Meta may time out and resend). */
  slow?: { ms: number; message: string; hint: string };
  /** One of wa-hook's own probes (isHiddenProbe): the page lists it only when asked. */
  hiddenProbe: boolean;
}

/** `slowMs`: the slow-acknowledgement threshold of this `up` (events/ack-time.ts). */
export function toRow(record: EventRecord, slowMs?: number): EventRow {
  const { id, receivedAt, kind, signature, status } = record;
  let ok = false;
  try {
    ok = verdictOf(record).ok;
  } catch {
    // An unreadable record (factsOf says so): shown as not ok, never breaking the page.
  }
  const forwarded = record.forward;
  const slow =
    forwarded?.status !== undefined && typeof forwarded.ms === 'number'
      ? judgeAckTime(forwarded.ms, slowMs)
      : undefined;
  return {
    id,
    receivedAt,
    kind,
    ...factsOf(record),
    signature,
    status,
    ok,
    hiddenProbe: isHiddenProbe(record),
    ...(slow ? { slow: { ms: slow.ms, message: slow.message, hint: slow.hint } } : {}),
  };
}

/** Pretty JSON, or null for one that cannot be shown (nested beyond the stack in a hand-edited log). */
function prettyJson(payload: unknown): string | null {
  try {
    return JSON.stringify(payload, null, 2);
  } catch {
    return null;
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

/**
 * GET /api/events?before=OFFSET&limit=N&type=T&field=F&probes=1: a page of rows, newest first, straight from the
 * JSONL file; wa-hook's own probes only with probes=1 or type=probe.
 */
export async function listEvents(url: URL, logPath: string, res: ServerResponse, slowMs?: number): Promise<void> {
  const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || 100, 1), 500);
  const beforeText = url.searchParams.get('before');
  // A cursor from an earlier page: `<file inode>-<offset>` (or a bare offset in the current file).
  const before = beforeText !== null && /^(\d+-)?\d+$/.test(beforeText) ? beforeText : undefined;
  const types = parseTypes(url.searchParams.get('type') ?? undefined);
  // Unknown field names simply match nothing here: the page only offers known ones.
  const fields = parseTypes(url.searchParams.get('field') ?? undefined);
  const query: EventQuery = { types, fields, probes: url.searchParams.get('probes') === '1' };
  const page = await readPage(logPath, {
    limit,
    before,
    match: (r) => !hidesProbe(r, query) && (!(types.length || fields.length) || matchesQuery(r, factsOf(r), query)),
  });
  sendJson(res, 200, { rows: page.records.map((r) => toRow(r, slowMs)), next: page.next ?? null });
}

/**
 * GET /api/events/ID: the whole record, its verdict and hint, the pretty JSON, and why it cannot be replayed
 * (null when it can): the page then offers no replay button.
 */
export async function showEvent(id: string, logPath: string, res: ServerResponse, slowMs?: number): Promise<void> {
  const record = await findById(logPath, id);
  if (!record) return sendJson(res, 404, { error: `no event with id ${id}` });
  const payload = parseRecordPayload(record);
  sendJson(res, 200, {
    record,
    row: toRow(record, slowMs),
    verdict: verdictOf(record),
    pretty: payload === undefined ? null : prettyJson(payload),
    replayRefused: replayRefusal(record)?.reason ?? null,
  });
}

/** POST /api/replay {id, unsigned?} and POST /api/send {name, text}. */
export async function runAction(
  action: 'replay' | 'send' | 'scenario',
  req: IncomingMessage,
  res: ServerResponse,
  actions: InspectorActions,
): Promise<void> {
  // Only JSON bodies: a cross-site <form> cannot send application/json without a CORS preflight we never answer.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    req.resume();
    return sendJson(res, 415, { error: 'send application/json' });
  }
  const input = await readJsonObject(req, 64 * 1024);
  if (!input) return sendJson(res, 400, { error: 'body must be a JSON object' });
  if (action === 'replay') {
    if (typeof input.id !== 'string') return sendJson(res, 400, { error: 'replay needs {"id": "evt_…"}' });
    return sendJson(res, 200, await actions.replay(input.id, { unsigned: input.unsigned === true }));
  }
  if (action === 'scenario') {
    if (typeof input.name !== 'string')
      return sendJson(res, 400, { error: 'scenario needs {"name": "reply-lifecycle"}' });
    return sendJson(res, 200, await actions.scenario(input.name));
  }
  if (typeof input.name !== 'string') return sendJson(res, 400, { error: 'send needs {"name": "text"}' });
  return sendJson(res, 200, await actions.send(input.name, typeof input.text === 'string' ? input.text : undefined));
}
