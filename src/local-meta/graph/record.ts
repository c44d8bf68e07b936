/** A Graph API call as a line of `.wa-hook/events.jsonl` (kind `graph`). Pure. */
import type { EventRecord } from '../../events/record/record.js';
import { isoTime, newEventId } from '../../events/record/fields.js';
import type { GraphCall } from './call.js';
import { recordOr } from '../../json-narrow.js';

function recipientOf(request: unknown): string | undefined {
  const to = recordOr(request).to;
  return typeof to === 'string' ? to.replace(/\D/g, '') || undefined : undefined;
}

/**
 * The record and its body bytes (JSON text, so the log frames it verbatim). No request headers are kept:
 * the Authorization header carries the access token.
 */
export function graphCallRecord(call: GraphCall, now = Date.now()): { record: EventRecord; jsonBody?: Buffer } {
  const body = call.request === undefined ? undefined : JSON.stringify(call.request);
  const to = recipientOf(call.request);
  const record: EventRecord = {
    id: newEventId(now),
    receivedAt: isoTime(now),
    kind: 'graph',
    method: call.method,
    url: call.path,
    headers: {},
    status: call.status,
    signature: 'unchecked',
    ...(body !== undefined ? { body } : {}),
    graph: {
      ms: call.ms,
      summary: call.summary,
      ...(call.response !== undefined ? { response: call.response } : {}),
      ...(to ? { to } : {}),
    },
  };
  return { record, ...(body !== undefined ? { jsonBody: Buffer.from(body, 'utf8') } : {}) };
}
