/**
 * Whether a recorded request may be replayed with a fresh signature. Signing vouches for the bytes with the
 * user's app secret, so wa-hook signs only bytes whose signature it verified on arrival. Anything else (a
 * forged POST refused 401, or one that arrived while signatures were not checked) can only be sent unsigned,
 * exactly as received, and only when asked for explicitly: otherwise an attacker's body recorded once would be
 * delivered validly signed to the user's backend on the next Replay.
 */
import type { EventRecord } from '../events/record.js';

export function mayResign(record: Pick<EventRecord, 'signature'>): boolean {
  return record.signature === 'valid';
}

/** Why a record is not re-signed, e.g. "arrived with an invalid signature". */
export function unverifiedReason(record: Pick<EventRecord, 'signature'>): string {
  switch (record.signature) {
    case 'missing':
      return 'arrived without a signature';
    case 'invalid':
      return 'arrived with an invalid signature';
    default:
      return 'arrived while signatures were not checked (no app secret)';
  }
}
