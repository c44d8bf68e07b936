import { createHash, timingSafeEqual } from 'node:crypto';
import { maskSecret } from '../config/redact.js';

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
  /** Why it was refused, for the terminal and the event log (secrets masked). */
  reason?: string;
  hint?: string;
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
      body: 'wa-hook receiver: this is a WhatsApp webhook callback URL. Meta calls it with ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…\n',
      reason: 'GET without hub.* parameters (a browser or health check, not Meta)',
      hint: 'nothing to fix if you opened the URL yourself; `wa-hook verify` simulates Meta',
    };
  }
  if (mode !== 'subscribe') {
    return {
      status: 403,
      ok: false,
      body: 'Forbidden\n',
      reason: `hub.mode is ${mode === null ? 'missing' : `"${mode}"`}, expected "subscribe"`,
      hint: 'Meta always sends hub.mode=subscribe; check the query string of the caller',
    };
  }
  if (token === null || token === '') {
    return {
      status: 403,
      ok: false,
      body: 'Forbidden\n',
      reason: 'hub.verify_token is missing',
      hint: "paste the verify token into Meta's dashboard (WhatsApp → Configuration → Verify token)",
    };
  }
  if (!sameSecret(token, verifyToken)) {
    const spaced = token.trim() === verifyToken;
    return {
      status: 403,
      ok: false,
      body: 'Forbidden\n',
      reason: `verify token mismatch: got ${maskSecret(token)} (${token.length} chars), expected ${maskSecret(verifyToken)} (${verifyToken.length} chars)`,
      hint: spaced
        ? 'the tokens differ only in surrounding whitespace: remove the spaces in the dashboard field'
        : "the dashboard's verify token must equal WHATSAPP_VERIFY_TOKEN exactly (it is not the access token)",
    };
  }
  if (challenge === null || challenge === '') {
    return {
      status: 400,
      ok: false,
      body: 'Bad Request\n',
      reason: 'hub.challenge is missing',
      hint: 'Meta always sends hub.challenge',
    };
  }
  return { status: 200, ok: true, body: challenge };
}
