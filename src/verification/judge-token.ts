/**
 * Security-side judgements of the handshake: a receiver must refuse a wrong verify token, and the verify token
 * itself must not be another secret pasted in the wrong field. Pure: no I/O.
 * Source: https://developers.facebook.com/docs/facebook-login/guides/access-tokens
 */
import type { Finding, VerificationProbe } from './types.js';

export interface WrongTokenVerdict {
  /** The receiver answered 200 with the challenge although the token was wrong: anyone can subscribe it. */
  accepted: boolean;
  /** Status of the wrong-token request, or null when it got no HTTP answer. */
  status: number | null;
  /** A warning (never a failure: Meta itself would still verify the URL). */
  warning?: Finding;
}

/** Judges the second GET, sent with a token the receiver cannot know. Anything but 200 + challenge is right. */
export function judgeWrongToken(probe: VerificationProbe): WrongTokenVerdict {
  const response = probe.response;
  if (!response) return { accepted: false, status: null };
  const accepted = response.status === 200 && response.body.includes(probe.challenge);
  if (!accepted) return { accepted: false, status: response.status };
  return {
    accepted: true,
    status: response.status,
    warning: {
      cause: 'accepts-any-token',
      message: 'the receiver also answered the challenge to a WRONG verify token',
      hint: 'compare hub.verify_token with your token and answer 403 when they differ; otherwise anyone can point their app at your URL',
    },
  };
}

/** Token mix-ups worth a warning: an access token or the app secret pasted as the verify token, stray quotes. */
export function judgeVerifyToken(token: string): Finding[] {
  const warnings: Finding[] = [];
  if (/^EAA[A-Za-z0-9]{20,}/.test(token)) {
    warnings.push({
      cause: 'token-looks-like-access-token',
      message: 'the verify token looks like a Graph API access token (EAA…)',
      hint: 'it then leaks into every logged verify URL: pick a random verify token (`wa-hook init`) and rotate the access token',
    });
  } else if (/^[0-9a-f]{32}$/i.test(token)) {
    warnings.push({
      cause: 'token-looks-like-app-secret',
      message: 'the verify token looks like an app secret (32 hex characters)',
      hint: 'the app secret must stay secret: pick a random verify token (`wa-hook init`) and reset the app secret if it was logged',
    });
  }
  if (token !== token.trim() || /^["']|["']$/.test(token)) {
    warnings.push({
      cause: 'token-has-whitespace',
      message: 'the verify token starts or ends with whitespace or a quote',
      hint: "check the quoting in .env: the dashboard value and your receiver's value must match character for character",
    });
  }
  return warnings;
}
