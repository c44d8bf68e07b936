/**
 * Reads what local-log rules need from `.wa-hook/events.jsonl`: the bot's sends to local WhatsApp and the
 * failed statuses of the last 24 hours. Bounded: from the end, stopping at the first record older than the
 * window or after MAX_SCANNED records (a bench's log of statuses is skipped, never held), keeping only the
 * records that matter.
 */
import { eventsFilePath, readPage } from '../../../events/log/reader-io.js';
import type { EventRecord } from '../../../events/record/record.js';
import { localLogFacts, type LocalLogFacts } from './facts.js';

const WINDOW_MS = 24 * 3_600_000;
const MAX_SCANNED = 100_000;
const MAX_KEPT = 5_000;

const relevant = (r: EventRecord) =>
  (r.kind === 'graph' && r.method === 'POST' && r.url.endsWith('/messages')) ||
  (r.kind === 'event' && r.body !== undefined && r.body.includes('"failed"'));

/** Undefined when the log holds no call to local WhatsApp's messages edge (a project that does not use it). */
export async function readLocalLogFacts(cwd: string, now: number): Promise<LocalLogFacts | undefined> {
  let scanned = 0;
  const page = await readPage(eventsFilePath(cwd), {
    limit: MAX_KEPT,
    match: relevant,
    stopAt: (r) => ++scanned > MAX_SCANNED || now - Date.parse(r.receivedAt) >= WINDOW_MS,
  }).catch(() => undefined);
  if (!page) return undefined;
  const facts = localLogFacts(page.records.reverse());
  return facts.sends.length > 0 ? facts : undefined;
}
