import type { HandshakeFacts, HttpExchange } from './types.js';

export type HandshakeKind =
  | 'ok'
  | 'unreachable'
  | 'timeout'
  | 'redirect'
  | 'interstitial'
  | 'tunnel-down'
  | 'token-mismatch'
  | 'not-found'
  | 'server-error'
  | 'wrong-body'
  | 'other';

export interface HandshakeJudgement {
  kind: HandshakeKind;
  reason: string;
  fix?: string;
}

/** Pages that tunnels and WAFs put in front of the receiver: Meta gets them instead of the challenge. */
const INTERSTITIALS: Array<[RegExp, string]> = [
  [/friendly reminder|loca\.lt\/mytunnelpassword|endpoint ip is not correct/i, 'the localtunnel "Friendly Reminder" page'],
  [/ngrok|ERR_NGROK_6024/i, "ngrok's browser warning page"],
  [/just a moment|cf-chl|challenge-platform|attention required|cloudflare ray id/i, 'a Cloudflare challenge/WAF page'],
];

function htmlLike(reply: HttpExchange): boolean {
  return /html/i.test(reply.contentType ?? '') || /^\s*<(!doctype|html|head|body)/i.test(reply.body ?? '');
}

/**
 * Judges a handshake the way Meta does (reference §1): 200 and a body that is exactly the challenge, else
 * "couldn't be validated". The reason names the most likely cause so the fix can be concrete.
 */
export function judgeHandshake(h: HandshakeFacts): HandshakeJudgement {
  const r = h.reply;
  if (r.status === undefined) {
    if (r.errorCode === 'timeout') return { kind: 'timeout', reason: `no answer within ${Math.round(r.ms)} ms` };
    return { kind: 'unreachable', reason: r.error ?? 'no answer' };
  }
  const body = r.body ?? '';
  if (r.status >= 300 && r.status < 400) {
    return { kind: 'redirect', reason: `answered ${r.status} redirect${r.location ? ` to ${r.location}` : ''}; Meta does not follow redirects`, fix: 'use the final URL (exact scheme, host and trailing slash) as the callback URL' };
  }
  if (r.status === 200 && body === h.challenge) return { kind: 'ok', reason: `200 with the bare challenge in ${Math.round(r.ms)} ms` };
  for (const [pattern, what] of INTERSTITIALS) {
    if (htmlLike(r) && pattern.test(body)) return { kind: 'interstitial', reason: `answered ${r.status} with ${what} instead of your receiver`, fix: 'use a tunnel without an interstitial (cloudflared), or disable the WAF/bot challenge for this path' };
  }
  if (r.status === 530 || ((r.status === 502 || r.status === 503 || r.status === 504) && !body.includes(h.challenge))) {
    return { kind: 'tunnel-down', reason: `answered ${r.status}${/tunnel unavailable/i.test(body) ? ' (localtunnel: Tunnel Unavailable)' : r.status === 530 ? ' (tunnel not registered yet)' : ''}: the tunnel cannot reach the receiver`, fix: 'check the receiver is running on the port the tunnel points to (127.0.0.1, not ::1), or restart `wa-hook up` for a new tunnel' };
  }
  if (r.status === 200) {
    const trimmed = body.trim().replace(/^"|"$/g, '');
    const why = trimmed === h.challenge ? 'the challenge wrapped in quotes, JSON or whitespace' : htmlLike(r) ? 'an HTML page' : 'something other than the challenge';
    return { kind: 'wrong-body', reason: `answered 200 but the body is ${why}`, fix: 'reply with exactly hub.challenge as the whole body (text/plain), no JSON and no newline' };
  }
  if (r.status === 401 || r.status === 403) {
    if (htmlLike(r)) return { kind: 'interstitial', reason: `answered ${r.status} with an HTML page: an auth wall, WAF or tunnel reminder blocks Meta`, fix: 'make the callback path public and answered by your code' };
    return { kind: 'token-mismatch', reason: `answered ${r.status} to the configured verify token: the receiver expects a different token`, fix: 'make the receiver and Meta use exactly WHATSAPP_VERIFY_TOKEN (no spaces/quotes; restart the receiver after editing .env)' };
  }
  if (r.status === 404 || r.status === 405) return { kind: 'not-found', reason: `answered ${r.status}: nothing handles GET on this path`, fix: 'check WEBHOOK_PATH / the route of your receiver and the path in the callback URL' };
  if (r.status >= 500) return { kind: 'server-error', reason: `answered ${r.status}: the receiver crashed on the handshake`, fix: 'look at the receiver log for the error' };
  return { kind: 'other', reason: `answered ${r.status}; Meta needs 200 with the bare challenge`, fix: 'reply 200 with exactly hub.challenge when hub.mode=subscribe and the token matches' };
}

/** Meta's simulator rule: a wrong token must not get 200 + challenge. */
export function acceptsAnyToken(h: HandshakeFacts): boolean {
  return h.wrongToken?.status === 200 && h.wrongToken.body === h.challenge;
}
