import { createHash, timingSafeEqual } from 'node:crypto';
import { maskSecret } from '../config/redact.js';
import type { ReasonCode } from '../events/record/reasons.js';

/**
 * Constant-time equality of two secrets: both are hashed first, so neither the position of the first
 * difference nor the expected length shows in the time taken (node:crypto is pure computation).
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given === expected;
}

export interface HandshakeAnswer {
  status: number;
  body: string;
  ok: boolean;
  /** Why it was refused (words and hint in events/record/reasons.ts); `detail` has secrets masked. */
  reason?: ReasonCode;
  detail?: string;
}

function refused(status: 400 | 403, reason: ReasonCode, detail?: string): HandshakeAnswer {
  const body = status === 403 ? 'Forbidden\n' : 'Bad Request\n';
  return { status, ok: false, body, reason, ...(detail === undefined ? {} : { detail }) };
}

/**
 * How the receiver answers Meta's verification GET: mode `subscribe` and
 * an exact token match → 200 with the bare challenge; anything else → non-200 with a reason that says
 * which part was wrong, so the user sees why "Verify and save" failed.
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint
 */
export function answerHandshake(query: URLSearchParams, verifyToken: string): HandshakeAnswer {
  const mode = query.get('hub.mode');
  const token = query.get('hub.verify_token');
  const challenge = query.get('hub.challenge');
  if (mode === null && token === null && challenge === null) {
    return {
      status: 400,
      ok: false,
      body:
        'wa-hook receiver: this is a WhatsApp webhook callback URL. ' +
        'Meta calls it with ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…\n',
      reason: 'no-hub-params',
    };
  }
  if (mode !== 'subscribe') return refused(403, 'mode-not-subscribe', mode === null ? undefined : `"${mode}"`);
  if (token === null || token === '') return refused(403, 'token-missing');
  if (!sameSecret(token, verifyToken)) {
    const detail =
      `got ${maskSecret(token)} (${token.length} chars), ` +
      `expected ${maskSecret(verifyToken)} (${verifyToken.length} chars)`;
    return refused(403, token.trim() === verifyToken ? 'token-spaced' : 'token-mismatch', detail);
  }
  if (challenge === null || challenge === '') return refused(400, 'challenge-missing');
  return { status: 200, ok: true, body: challenge };
}
