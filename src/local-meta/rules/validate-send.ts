import { metaError } from './meta-errors.js';
import type { SendContext, SendDecision } from './types.js';

/** Judges one POST /{phone-number-id}/messages body as Meta would. */
export function validateSend(body: unknown, ctx: SendContext): SendDecision {
  void ctx;
  if (typeof body !== 'object' || body === null) {
    return { ok: false, error: metaError(100, 'The request body must be a JSON object'), warnings: [] };
  }
  return { ok: false, error: metaError(100, 'validateSend is not implemented yet'), warnings: [] };
}
