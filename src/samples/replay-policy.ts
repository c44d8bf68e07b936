/**
 * Whether a recorded request may be replayed with a fresh signature. Signing vouches for the bytes with the
 * user's app secret, so wa-hook signs only bytes whose signature it verified on arrival. Anything else (a
 * forged POST refused 401, or one that arrived while signatures were not checked) can only be sent unsigned,
 * exactly as received, and only when asked for explicitly: otherwise an attacker's body recorded once would be
 * delivered validly signed to the user's backend on the next Replay. A record whose body was stored cut is not
 * replayed at all (replayRefusal).
 */
import type { EventRecord } from '../events/record/record.js';
import { verifySignature } from '../verification/signature.js';

type SignedRecord = Pick<EventRecord, 'signature' | 'headers'>;

/**
 * The log is a file anyone with write access to the folder can edit (a cloned project can ship one): a line
 * saying `"signature":"valid"` proves nothing. The stored X-Hub-Signature-256 must still match the stored
 * bytes under the current App Secret before wa-hook signs them again.
 */
export function mayResign(record: SignedRecord, body: Uint8Array, appSecret: string | undefined): boolean {
  if (record.signature !== 'valid' || appSecret === undefined) return false;
  return verifySignature(body, record.headers?.['x-hub-signature-256'], appSecret);
}

/** Why a record is not re-signed, e.g. "arrived with an invalid signature". */
export function unverifiedReason(record: SignedRecord): string {
  switch (record.signature) {
    case 'valid':
      return 'is marked verified, but its stored signature does not match its body under the current App Secret';
    case 'missing':
      return 'arrived without a signature';
    case 'invalid':
      return 'arrived with an invalid signature';
    default:
      return 'arrived while signatures were not checked (no app secret)';
  }
}

/** How much of a record's body was kept, when that is less than what arrived (record-fields.ts `storedBody`). */
export function storedCut(
  record: Pick<EventRecord, 'body' | 'bodyBase64' | 'bodySize'>,
): { kept: number; size: number } | undefined {
  if (record.bodySize === undefined) return undefined;
  const kept =
    record.bodyBase64 !== undefined
      ? Buffer.byteLength(record.bodyBase64, 'base64')
      : Buffer.byteLength(record.body ?? '', 'utf8');
  return record.bodySize > kept ? { kept, size: record.bodySize } : undefined;
}

/**
 * Why a record cannot be replayed at all, signed or unsigned: a refused request's body is kept only in part,
 * so its stored bytes are not what arrived and "as received" would be untrue. Undefined when it may be.
 */
export function replayRefusal(
  record: Pick<EventRecord, 'body' | 'bodyBase64' | 'bodySize'> & Partial<Pick<EventRecord, 'kind'>>,
): { reason: string; hint: string } | undefined {
  if (record.kind === 'graph')
    return {
      reason: 'is a Graph API call the bot made, not a webhook: there is nothing to deliver to the receiver',
      hint: 'replay a webhook instead (`wa-hook events --type event`)',
    };
  const cut = storedCut(record);
  if (!cut) return undefined;
  const bytes = (n: number) => n.toLocaleString('en-US');
  return {
    reason: `was stored cut (first ${bytes(cut.kept)} of ${bytes(cut.size)} bytes: refused requests are kept only in part): it cannot be sent as received`,
    hint: 'send the original payload instead: `wa-hook send-sample --file payload.json`',
  };
}
