/**
 * Judges one delivery the way a user needs it: a short label for the result line and, when it
 * failed, the most likely cause and fix. Meta treats only 2xx as delivered.
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint
 */
import type { NetworkErrorKind } from '../../http/network-error.js';
import { judgeAckTime, type SlowAck } from '../../events/ack-time.js';

export interface DeliveryOutcome {
  status?: number;
  statusText?: string;
  /** Transport failure, as src/http/network-error.ts classified it. */
  errorKind?: NetworkErrorKind;
  /** Its code (ECONNREFUSED, ETIMEDOUT, a TLS code…). */
  errorCode?: string;
  errorMessage?: string;
  /** How long the answer took: a slow acknowledgement is worth a warning (events/ack-time.ts). */
  ms?: number;
}

/** One send as the sender reports it: the outcome and how long it took. */
export interface SendResult extends DeliveryOutcome {
  ms: number;
  /** Response body (first 2 kB), only when asked for. */
  body?: string;
}

export interface DeliveryContext {
  url: string;
  signing: 'signed' | 'unsigned' | 'bad';
  /**
   * A negative test (`--bad-signature`, `--unsigned` asked for): the receiver must refuse it with 401/403,
   * and accepting it is the failure. Unsigned because no secret is configured is not one.
   */
  negative?: boolean;
  /** Masked app secret, for "signed with abcd…". */
  maskedSecret?: string;
  timeoutMs: number;
  /** Warn when an accepted delivery took longer (`--slow-ms`; default SLOW_ACK_MS in events/ack-time.ts). */
  slowMs?: number;
  /**
   * The receiver is this folder's running `wa-hook up` (its state file checked out): hints name it instead of
   * "your receiver". `secret`: how its App Secret compares with the one signing here (fingerprints).
   */
  runningUp?: { forwardTo?: string; secret: 'same' | 'other' | 'none'; secretFromFlag?: boolean };
}

export interface DeliveryVerdict {
  ok: boolean;
  label: string;
  /** Groups failures so a burst reports each cause once. */
  cause?: string;
  hint?: string;
  /** Accepted, but slowly: Meta may time out on it and send it again. */
  slow?: SlowAck;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function signatureHint(ctx: DeliveryContext): string {
  const up = ctx.runningUp;
  // wa-hook's own receiver hashes the raw bytes right: a refusal means it holds another App Secret.
  if (up && !up.forwardTo && ctx.signing === 'signed' && up.secret === 'other')
    return up.secretFromFlag
      ? `app secret mismatch: the running \`wa-hook up\` checks signatures with another App Secret than --app-secret (${ctx.maskedSecret ?? '?'}): ` +
          `drop --app-secret to sign with .env's, or pass the one it uses`
      : 'the running `wa-hook up` checks signatures with another App Secret: restart `wa-hook up` (it started before .env had this secret)';
  if (up && !up.forwardTo && ctx.signing === 'unsigned' && up.secret !== 'none')
    return 'the running `wa-hook up` checks signatures: set WHATSAPP_APP_SECRET here to the App Secret it was started with';
  if (ctx.signing === 'unsigned') {
    return 'the receiver requires X-Hub-Signature-256: set WHATSAPP_APP_SECRET (or --app-secret) to the App Secret it uses';
  }
  const rest = 'or it hashes a re-serialized body instead of the raw bytes (hash the bytes exactly as received)';
  if (ctx.signing === 'bad')
    return `expected for --bad-signature; with a real signature this means an app secret mismatch, ${rest}`;
  return `app secret mismatch (signed with ${ctx.maskedSecret ?? 'the configured secret'}: is it the App Secret the receiver uses?), ${rest}`;
}

function statusVerdict(status: number, label: string, ctx: DeliveryContext): DeliveryVerdict {
  if (status >= 200 && status < 300) return { ok: true, label };
  const fail = (cause: string, hint: string): DeliveryVerdict => ({ ok: false, label, cause, hint });
  if (status === 401 || status === 403) return fail('signature', signatureHint(ctx));
  if (status === 404)
    return fail(
      'path',
      `wrong path: nothing handles ${ctx.url}; check the callback path in --url (wa-hook up uses /webhook)`,
    );
  if (status === 405)
    return fail('method', 'the receiver does not accept POST on this path: is this the callback URL?');
  if (status === 413)
    return fail(
      'size',
      "payload too large for the receiver: Meta's payloads reach 3 MB, raise its body limit (Express defaults to 100 kB)",
    );
  if (status === 400 || status === 415 || status === 422) {
    return fail(
      'parse',
      'the receiver refused the body: it must accept application/json (and not require fields a sample may lack)',
    );
  }
  if (status >= 300 && status < 400) return fail('redirect', 'Meta does not follow redirects: point at the final URL');
  if (status === 502 || status === 503 || status === 504) {
    if (ctx.runningUp?.forwardTo)
      return fail(
        'upstream',
        `the running \`wa-hook up\` could not reach its backend ${ctx.runningUp.forwardTo}: start your backend (or restart \`wa-hook up\` with the ` +
          `right --forward-to)`,
      );
    return fail('upstream', 'the receiver (or the tunnel in front of it) could not reach your server: is it running?');
  }
  if (status >= 500)
    return fail('server-error', 'the receiver failed while handling the event: check its log (Meta would retry it)');
  return fail(`http-${status}`, 'Meta counts anything but 2xx as a failed delivery and retries it');
}

/** A negative test: refused with 401/403 passes; accepted is a security hole; anything else fails as usual. */
function negativeVerdict(status: number, label: string, ctx: DeliveryContext): DeliveryVerdict {
  if (status === 401 || status === 403) return { ok: true, label: `${label} (refused, as it should be)` };
  const what = ctx.signing === 'bad' ? 'a wrong signature' : 'no signature';
  if (status >= 200 && status < 300) {
    return {
      ok: false,
      label: `${label} — accepted ${what}`,
      cause: 'accepted-unverified',
      hint:
        'the receiver does not check X-Hub-Signature-256: anyone who knows the URL can forge events. ' +
        'Compare sha256= HMAC of the raw body with the App Secret (timing-safe) and answer 401 when it differs',
    };
  }
  const verdict = statusVerdict(status, label, ctx);
  return { ...verdict, hint: `expected 401/403 for ${what}; ${verdict.hint ?? ''}`.replace(/; $/, '') };
}

type TransportFailure = (seen: { host: string; code: string; timeoutMs: number }) => Omit<DeliveryVerdict, 'ok'>;

/** What each kind of transport failure tells the user (the kinds not named here fail as "failed: …"). */
const TRANSPORT_FAILURES: Partial<Record<NetworkErrorKind, TransportFailure>> = {
  refused: ({ host }) => ({
    label: 'connection refused',
    cause: 'refused',
    hint: `nothing listening at ${host}: start it with \`wa-hook up\` (or start your backend), or pass --url`,
  }),
  timeout: ({ timeoutMs }) => ({
    label: `timeout after ${timeoutMs} ms`,
    cause: 'timeout',
    hint: 'no answer in time: Meta expects a fast 200, so acknowledge first and work after (--timeout to wait longer)',
  }),
  dns: ({ host }) => ({
    label: 'host not found',
    cause: 'dns',
    hint: `cannot resolve ${host}: check the host name in --url`,
  }),
  'plain-http': ({ host }) => ({
    label: 'this port speaks http',
    cause: 'tls',
    hint: `${host} answered in plain HTTP: use http:// in --url (Meta itself needs the https URL of a tunnel)`,
  }),
  tls: ({ code }) => ({
    label: `TLS error ${code}`,
    cause: 'tls',
    hint: 'the HTTPS certificate was refused; Meta requires a trusted-CA certificate with its full chain',
  }),
  reset: () => ({
    label: 'connection closed',
    cause: 'reset',
    hint: 'the receiver closed the connection before answering: did it crash? check its log',
  }),
  aborted: () => ({ label: 'aborted', cause: 'aborted' }),
};

export function judgeDelivery(outcome: DeliveryOutcome, ctx: DeliveryContext): DeliveryVerdict {
  if (outcome.status !== undefined) {
    const label = outcome.statusText ? `${outcome.status} ${outcome.statusText}` : String(outcome.status);
    if (ctx.negative) return negativeVerdict(outcome.status, label, ctx);
    return withAckTime(statusVerdict(outcome.status, label, ctx), outcome.ms, ctx.slowMs);
  }
  const code = outcome.errorCode ?? '';
  const kind = outcome.errorKind ?? 'other';
  const host = hostOf(ctx.url);
  const failure = TRANSPORT_FAILURES[kind];
  if (failure) return { ok: false, ...failure({ host, code, timeoutMs: ctx.timeoutMs }) };
  return {
    ok: false,
    label: `failed: ${outcome.errorMessage ?? code}`,
    cause: code || 'error',
    hint: 'the request did not complete',
  };
}

/** An accepted delivery that took too long: a warning, or a failure once Meta would have timed out on it. */
function withAckTime(verdict: DeliveryVerdict, ms: number | undefined, slowMs: number | undefined): DeliveryVerdict {
  if (!verdict.ok || ms === undefined) return verdict;
  const slow = judgeAckTime(ms, slowMs);
  if (!slow) return verdict;
  if (!slow.pastTimeout) return { ...verdict, slow };
  return {
    ok: false,
    label: `${verdict.label} too late`,
    cause: 'too-slow',
    hint: `${slow.message}; ${slow.hint}`,
    slow,
  };
}

/** `3 ms`, `0.4 ms`: enough precision to be useful, not noisy. */
export function formatMs(ms: number): string {
  return ms < 10 ? `${Math.round(ms * 10) / 10} ms` : `${Math.round(ms)} ms`;
}
