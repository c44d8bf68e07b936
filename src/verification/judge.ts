/**
 * Judges a verification GET the way Meta does: it passes only on status 200
 * with a body equal to the challenge byte for byte, over https on a host Meta can reach. Every failure gets
 * a stable cause id and a concrete fix. Pure: no I/O.
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint
 */
import type { Finding, ProbeResponse, Verdict, VerificationProbe } from './types.js';
import { judgeProbeError } from './judge-error.js';
import { detectTunnelPage, isHtml } from './tunnel-pages.js';
import { isLoopbackHost, isPrivateHost } from './url.js';
import { aboutRunningUp, type RunningUpReceiver } from './running-up.js';

export type { Finding, ProbeFailure, ProbeResponse, Verdict, VerificationCause, VerificationProbe } from './types.js';
export { buildVerificationUrl, displayVerificationUrl, isLoopbackHost } from './url.js';

/** Meta's timeout is unpublished (3–20 s reported): answer within 1 s, and treat over 5 s as failing. */
export const SLOW_MS = 1000;
export const TOO_SLOW_MS = 5000;

const WRONG_TOKEN_HINT =
  'the verify token differs from the one your receiver uses: compare them (check .env for ' +
  'whitespace or quotes); it must be the string you chose, not an access token or the app secret';

/** A short, quoted, single-line view of a body for messages. */
export function previewBody(body: string, max = 60): string {
  return JSON.stringify(body.length > max ? `${body.slice(0, max)}…` : body);
}

function header(response: ProbeResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Looks for the challenge inside a JSON answer (`"123"`, `{"hub.challenge":"123"}`, `{"challenge":123}`). */
function jsonHoldsChallenge(value: unknown, challenge: string, depth = 0): boolean {
  if (typeof value === 'string' || typeof value === 'number') return String(value) === challenge;
  if (depth > 3 || value === null || typeof value !== 'object') return false;
  return Object.values(value).some((v) => jsonHoldsChallenge(v, challenge, depth + 1));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Status 200 but the body is not the bare challenge. */
function judgeBody(response: ProbeResponse, challenge: string): Finding {
  const { body } = response;
  const trimmed = body.trim();
  const got = previewBody(body);
  if (body === '') {
    return {
      cause: 'empty-body',
      message: 'the server answered 200 with an empty body',
      hint: 'answer with the value of hub.challenge as the body (text/plain)',
    };
  }
  if (isHtml(response)) {
    return {
      cause: 'html-page',
      message: `the server answered 200 with an HTML page instead of the challenge: ${got}`,
      hint:
        'something in front of your receiver (tunnel interstitial, login wall, framework page) answered; ' +
        'open the URL in a browser to see it, and make the GET handler return only hub.challenge',
    };
  }
  if (trimmed === challenge) {
    return {
      cause: 'whitespace-around-challenge',
      message: `the body is the challenge with whitespace around it: ${got}`,
      hint: 'send hub.challenge exactly, without a newline (e.g. res.end(challenge), not console-style println or a template with a trailing newline)',
    };
  }
  if (jsonHoldsChallenge(parseJson(trimmed), challenge)) {
    return {
      cause: 'json-challenge',
      message: `the challenge came back as JSON: ${got}`,
      hint: 'send it as plain text: res.type("text/plain").send(challenge) rather than res.json(...); in FastAPI return PlainTextResponse(challenge)',
    };
  }
  return {
    cause: 'body-mismatch',
    message: body.includes(challenge)
      ? `the body contains the challenge but also other text: ${got}`
      : `the body is not the challenge: expected "${challenge}", got ${got}`,
    hint: 'answer with exactly the hub.challenge value from the query string, nothing else',
  };
}

/** Judges an HTTP answer; undefined means the handshake itself passed. */
export function judgeResponse(response: ProbeResponse, challenge: string): Finding | undefined {
  const { status } = response;
  if (status >= 300 && status < 400) {
    const location = header(response, 'location');
    return {
      cause: 'redirect',
      message: `the server answered ${status} redirect to ${location ?? '(no Location header)'}; Meta does not follow redirects`,
      hint: location
        ? `give Meta the final URL (${location}) or stop the redirect (trailing slash, http→https, login page)`
        : 'stop the redirect: Meta needs the 200 answer at this exact URL',
    };
  }
  const page = detectTunnelPage(response);
  if (page) return page;
  if (status === 200) return response.body === challenge ? undefined : judgeBody(response, challenge);
  if (status === 401 || status === 403) {
    // Signature middleware mounted on the whole route: Meta's GET carries no X-Hub-Signature-256.
    if (/signature|x-hub/i.test(response.body)) {
      return {
        cause: 'signature-required-on-get',
        message: `the server answered ${status} asking for a signature (${previewBody(response.body)}): the signature check also guards the verification GET`,
        hint: "Meta's verification GET carries no X-Hub-Signature-256: check signatures on POST only (skip the check for GET)",
      };
    }
    if (isHtml(response)) {
      return {
        cause: 'access-denied-page',
        message: `the server answered ${status} with an HTML page: ${previewBody(response.body)}`,
        hint: `a WAF, login wall or proxy rule may block the request before your code; if the page is your framework's, then ${WRONG_TOKEN_HINT}`,
      };
    }
    return {
      cause: 'wrong-token',
      message: `the server answered ${status}: the receiver refused the verify token`,
      hint: WRONG_TOKEN_HINT,
    };
  }
  if (status === 404) {
    return {
      cause: 'wrong-path',
      message: 'the server answered 404: nothing handles this path',
      hint: "check the callback path (WEBHOOK_PATH / --path) against your server's route, including a trailing slash",
    };
  }
  if (status === 405) {
    return {
      cause: 'method-not-allowed',
      message: 'the server answered 405: this route does not accept GET',
      hint: 'add a GET handler for the verification next to the POST one',
    };
  }
  if (status === 400) {
    return {
      cause: 'bad-request',
      message: `the server answered 400: the receiver rejected the verification request: ${previewBody(response.body)}`,
      hint: `make sure it reads the dotted names hub.mode, hub.verify_token, hub.challenge (hub_mode… only in PHP); otherwise ${WRONG_TOKEN_HINT}`,
    };
  }
  if (status === 502 || status === 504) {
    return {
      cause: 'origin-unreachable',
      message: `the server answered ${status}: the tunnel or proxy could not reach your receiver`,
      hint: 'start the receiver (`wa-hook up`) on the port the tunnel forwards to; check 127.0.0.1 vs ::1 (localhost)',
    };
  }
  if (status >= 500) {
    return {
      cause: 'server-error',
      message: `the server answered ${status}: the receiver failed while handling the GET: ${previewBody(response.body)}`,
      hint: "look at the receiver's log for the error; the GET handler must not touch the POST payload shape",
    };
  }
  if (status >= 200 && status < 300) {
    return {
      cause: 'not-200',
      message: `the server answered ${status}; Meta needs exactly 200`,
      hint: 'answer 200 with hub.challenge as the body',
    };
  }
  return {
    cause: 'unexpected-status',
    message: `the server answered ${status}: ${previewBody(response.body)}`,
    hint: 'Meta treats every status but 200 as a refusal: answer the GET with 200 and the bare hub.challenge',
  };
}

/** Facts about the URL that are worth saying whatever the answer was. */
function urlWarnings(url: URL): Finding[] {
  const warnings: Finding[] = [];
  if (isPrivateHost(url.hostname)) {
    warnings.push({
      cause: 'private-address',
      message: `${url.hostname} is a private address`,
      hint: "Meta's servers cannot reach it: use a tunnel (`wa-hook up`)",
    });
  }
  if (url.protocol === 'https:' && url.port !== '' && url.port !== '443' && !isLoopbackHost(url.hostname)) {
    warnings.push({
      cause: 'non-standard-port',
      message: `port ${url.port} is not 443`,
      hint: 'Meta reportedly rejects callback URLs on other ports: serve on 443 if verification fails',
    });
  }
  if (url.hostname.includes('_')) {
    warnings.push({
      cause: 'underscore-in-host',
      message: `the host ${url.hostname} contains "_"`,
      hint: 'Meta reportedly rejects such hosts: use a host name without underscores',
    });
  }
  return warnings;
}

/**
 * The verdict on the real verification GET. `http://` on a host that is not this machine fails even when the
 * answer is right, because Meta refuses plain-http callbacks; loopback http is fine for a local test.
 */
export function judgeVerification(probe: VerificationProbe, runningUp?: RunningUpReceiver): Verdict {
  const url = new URL(probe.url);
  const warnings = urlWarnings(url);
  const loopback = isLoopbackHost(url.hostname);
  const notHttps: Finding | undefined =
    url.protocol === 'http:' && !loopback
      ? {
          cause: 'http-not-https',
          message: 'the callback URL is plain http://; Meta requires https://',
          hint: 'use the https URL of a tunnel (`wa-hook up`) or put TLS in front of the server',
        }
      : undefined;
  const primary = probe.error
    ? judgeProbeError(probe.error, probe.url)
    : probe.response
      ? judgeResponse(probe.response, probe.challenge)
      : judgeProbeError({ kind: 'other', code: '', message: 'no response' }, probe.url);
  if (primary) {
    const said = runningUp ? aboutRunningUp(primary, probe.response?.status ?? null, runningUp) : primary;
    return { ok: false, ...said, warnings: notHttps ? [notHttps, ...warnings] : warnings };
  }
  if (notHttps) return { ok: false, ...notHttps, warnings };
  const ms = Math.round(probe.response?.ms ?? 0);
  if (ms > TOO_SLOW_MS) {
    return {
      ok: false,
      cause: 'too-slow',
      message: `the answer was right but took ${(ms / 1000).toFixed(1)} s`,
      hint: 'Meta gives up on slow callbacks (timeout unpublished, 3–20 s reported): answer the GET at once, before any other work',
      warnings,
    };
  }
  if (ms > SLOW_MS) {
    warnings.push({
      cause: 'slow',
      message: `the answer took ${(ms / 1000).toFixed(1)} s`,
      hint: 'answer within 1 s: the GET handler should only compare the token and echo the challenge',
    });
  }
  return {
    ok: true,
    cause: 'ok',
    message: `verification passed (200, body = challenge, ${ms} ms)`,
    hint: loopback
      ? 'this is a local URL: Meta needs the public https one (`wa-hook up` opens a tunnel and prints it)'
      : undefined,
    warnings,
  };
}
