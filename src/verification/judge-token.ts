/**
 * Security-side judgements of the handshake: a receiver must refuse a wrong verify token, and the verify token
 * itself must not be another secret pasted in the wrong field. Pure: no I/O.
 * Source: https://developers.facebook.com/docs/facebook-login/guides/access-tokens
 */
import type { Finding, VerificationProbe } from './types.js';

export interface WrongTokenVerdict {
  /** The receiver answered 200 with the challenge although the token was wrong: anyone can subscribe it. */
  accepted: boolean;
  /**
   * It refused the wrong token: a 4xx (Meta's guide answers 403), or a 2xx without the challenge. A 5xx is no
   * refusal: a backend that is down (502 from a proxy or `up --forward-to`) or crashed says nothing about whether
   * it checks the token; nor is a redirect.
   */
  refused: boolean;
  /** Status of the wrong-token request, or null when it got no HTTP answer. */
  status: number | null;
  /** A warning (never a failure: Meta itself would still verify the URL). */
  warning?: Finding;
}

/** Judges the second GET, sent with a token the receiver cannot know: a 4xx is right, 200 + challenge is a hole. */
export function judgeWrongToken(probe: VerificationProbe): WrongTokenVerdict {
  const response = probe.response;
  if (!response) return { accepted: false, refused: false, status: null };
  const { status } = response;
  const accepted = status === 200 && response.body.includes(probe.challenge);
  // Answered, and the challenge not handed back: a 4xx as Meta's guide says, or a 200 with another body.
  const answered = (status >= 200 && status < 300) || (status >= 400 && status < 500);
  if (!accepted && answered) return { accepted: false, refused: true, status };
  if (!accepted) {
    return {
      accepted: false,
      refused: false,
      status,
      warning: {
        cause: 'wrong-token-not-refused',
        message: `a wrong verify token got ${status}, not a refusal${status >= 500 ? ': the receiver (or its backend) failed, so whether it checks the token is unknown' : ''}`,
        hint: 'answer 403 when hub.verify_token differs from your token',
      },
    };
  }
  return {
    accepted: true,
    refused: false,
    status,
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
