/**
 * What the receiver and the forwarder both decide about a request before its body is judged: why a body
 * could not be read, and how its signature classifies. Pure: the reading itself is in read-body-io.ts.
 */
import type { EventRecord } from '../events/record/record.js';
import type { ReasonCode } from '../events/record/reasons.js';
import { checkSignature, type SignatureCheck } from '../verification/signature.js';

export type BodyRefusal = 'too-large' | 'aborted' | 'busy';

/** The answer to a body that could not be read: 413 past the size bound, 503 past the memory budget, else 400. */
export function bodyRefusal(refusal: BodyRefusal): { status: number; reason: ReasonCode } {
  return { status: refusal === 'too-large' ? 413 : refusal === 'busy' ? 503 : 400, reason: refusal };
}

/** The record's `signature` field for these bytes: `unchecked` without an app secret. */
export function classifySignature(
  body: Uint8Array,
  header: string | undefined,
  appSecret: string | undefined,
): { signature: EventRecord['signature']; check?: SignatureCheck } {
  if (appSecret === undefined) return { signature: 'unchecked' };
  const check = checkSignature(body, header, appSecret);
  if (check.ok) return { signature: 'valid', check };
  return { signature: check.reason === 'missing' ? 'missing' : 'invalid', check };
}
