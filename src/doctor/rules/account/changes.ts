import type { EventRecord } from '../../../events/record/record.js';
import { isOwnProbe, recordedChanges } from '../log.js';
import { recordOr } from '../../../json-narrow.js';

/** One `entry[].changes[]` of a recorded webhook: Meta's own account of the account's state. */
export interface AccountChange {
  field: string;
  value: Record<string, unknown>;
  /** The WABA id (`entry[].id`). */
  entryId?: string;
  receivedAt: string;
}

/** Changes of the given fields in events Meta sent (wa-hook's own probes and samples left out), oldest first. */
export function accountChanges(events: readonly EventRecord[], fields: readonly string[]): AccountChange[] {
  const out: AccountChange[] = [];
  for (const e of events) {
    if (e.kind !== 'event' || !e.body || isOwnProbe(e)) continue;
    for (const { field, value, entryId } of recordedChanges(e.body))
      if (field !== undefined && fields.includes(field)) out.push({ field, value, entryId, receivedAt: e.receivedAt });
  }
  return out;
}

/** The newest change per key (a later REINSTATE or UNPAUSE supersedes what came before). */
export function latestBy(changes: readonly AccountChange[], key: (c: AccountChange) => string): AccountChange[] {
  const latest = new Map<string, AccountChange>();
  for (const c of changes) latest.set(key(c), c);
  return [...latest.values()];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

export const obj = recordOr;

/** "2026-11-30" of a recorded event, for "received on …". */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

/** Where Meta explains violations and restrictions and takes appeals. */
export const BUSINESS_SUPPORT_HOME = 'https://business.facebook.com/business-support-home';
