/**
 * Customer service windows that outlive a restart: the inbound messages `.wa-hook/events.jsonl` recorded in
 * the last 24 hours (of local Meta's clock) open their windows again when `up --local` starts, so a bot may
 * still answer the customer who wrote five minutes before the restart. Read from the end of the log through
 * its reader and bounded twice: it stops at the first record older than 24 hours, and after MAX_SCANNED
 * records whatever their age (a log full of a bench's statuses never slows a start down).
 */
import { readPage } from '../events/log/reader-io.js';
import { idTime } from '../events/record/line.js';
import type { EventRecord } from '../events/record/record.js';
import { parseRecordPayload } from '../events/facts.js';
import { inboundMessagesOf } from './customer-webhooks.js';
import { WINDOW_MS } from './customers.js';

export const MAX_SCANNED = 200_000;

export interface LoggedInbound {
  waId: string;
  bsuid?: string;
  wamid: string;
  name?: string;
  /** When the receiver recorded it (ms): where local Meta saw it, as it does live. */
  at: number;
}

function arrivalOf(record: EventRecord): number {
  return idTime(record.id) ?? Date.parse(record.receivedAt);
}

/**
 * The inbound customer messages of accepted webhooks (the ones a running local Meta would have observed:
 * kind `event`, answered < 300) that arrived within WINDOW_MS before `now`, newest first.
 */
export async function recentInboundFromLog(logPath: string, now: number): Promise<LoggedInbound[]> {
  const since = now - WINDOW_MS;
  const found: LoggedInbound[] = [];
  let scanned = 0;
  await readPage(logPath, {
    limit: 1,
    stopAt: (record) => ++scanned > MAX_SCANNED || arrivalOf(record) < since,
    // Collected here, never kept as a page: the page stays empty and the scan runs to `stopAt`.
    match: (record) => {
      if (record.kind !== 'event' || record.status >= 300) return false;
      // Statuses carry no `"from"`: skip their JSON parse.
      if (record.body !== undefined && !record.body.includes('"from"')) return false;
      const at = Math.min(arrivalOf(record), now);
      for (const m of inboundMessagesOf(parseRecordPayload(record)))
        found.push({
          waId: m.waId,
          wamid: m.wamid,
          at,
          ...(m.bsuid ? { bsuid: m.bsuid } : {}),
          ...(m.name ? { name: m.name } : {}),
        });
      return false;
    },
  });
  return found;
}
