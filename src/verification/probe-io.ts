/**
 * Sends Meta's verification GET for real and judges the answer (core/verification.ts). Shared by
 * `wa-hook verify`, `up`'s self-test and `doctor`, so all three say the same thing about the same URL.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { buildVerificationUrl, displayVerificationUrl, judgeVerification } from './judge.js';
import type { Verdict, VerificationProbe } from './judge.js';
import { judgeVerifyToken, judgeWrongToken, type WrongTokenVerdict } from './judge-token.js';
import type { RunningUpReceiver } from './running-up.js';
import { WaHookError } from '../errors.js';
import { probeHeaders, type ProbeSource } from '../events/probe.js';

/** Only the start of a body matters for the verdict; a huge HTML page must not fill memory. */
const MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

/**
 * Meta's crawler UA. Not browser-like, so loca.lt's reminder page should not stop it (loca.lt skips its reminder page
 * for user agents that are not browsers).
 */
export const META_USER_AGENT = 'facebookexternalua';

export interface ProbeVerificationOptions {
  /** The callback URL exactly as it would be saved in Meta's dashboard (its own query string is kept). */
  url: string;
  verifyToken: string;
  /** Per request, body included. Default 10 000 ms. */
  timeoutMs?: number;
  /** Ctrl-C: when it fires, the probe throws a WaHookError with exit code 130 instead of returning a verdict. */
  signal?: AbortSignal;
  /**
   * Sent on both GETs in addition to User-Agent. Leave empty to see what Meta sees; a self-test through
   * loca.lt may pass `{ 'Bypass-Tunnel-Reminder': '1' }`.
   */
  headers?: Record<string, string>;
  /** Use this challenge for the real GET (e.g. to print the URL before sending); default: a fresh random one. */
  challenge?: string;
  /** Also send a wrong token and expect a refusal (default true). */
  checkWrongToken?: boolean;
  /** Marks both GETs with X-Wa-Hook-Probe (`<source>/handshake`, `<source>/wrong-token`) so the receiver's log says what they were. */
  probe?: ProbeSource;
  /** undici dispatcher; default: an EnvHttpProxyAgent (honours HTTPS_PROXY / NO_PROXY) closed afterwards. */
  dispatcher?: Dispatcher;
  /** The URL is this folder's running `wa-hook up` (its state file checked out): hints name it. */
  runningUp?: RunningUpReceiver;
}

export interface VerificationResult {
  /** The judgement as Meta would make it; `warnings` also holds token mix-ups and an accepted wrong token. */
  verdict: Verdict;
  wrongToken: WrongTokenVerdict;
  /** The verification URL with the token masked: safe to print or log. */
  displayUrl: string;
  challenge: string;
  /** Status of the real GET, or null when it got no HTTP answer. */
  status: number | null;
  /** Time of the real GET until the (bounded) body arrived, or null when it got no HTTP answer. */
  ms: number | null;
}

/** A random 10-digit challenge, like Meta's (`1158201444`). */
export function makeChallenge(): string {
  return String(randomInt(1_000_000_000, 10_000_000_000));
}

/**
 * One verification GET with no redirect following, a bounded body and a timeout.
 * Network failures come back as `probe.error`; only a user abort throws.
 */
export async function sendVerificationGet(
  dispatcher: Dispatcher,
  callbackUrl: string,
  challenge: string,
  verifyToken: string,
  options: { timeoutMs: number; signal?: AbortSignal; headers?: Record<string, string> },
): Promise<VerificationProbe> {
  const { httpRequest } = await import('../http/client-io.js');
  const url = buildVerificationUrl(callbackUrl, challenge, verifyToken);
  // Redirects are never followed: Meta does not follow them either.
  const res = await httpRequest(url, {
    method: 'GET',
    dispatcher,
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    maxBodyBytes: MAX_BODY_BYTES,
    headers: { 'user-agent': META_USER_AGENT, accept: '*/*', ...options.headers },
  });
  if (res.ok)
    return { url, challenge, response: { status: res.status, headers: res.headers, body: res.body, ms: res.ms } };
  if (res.error.kind === 'aborted') throw new WaHookError('cancelled', { exitCode: 130, cause: res.error });
  return { url, challenge, error: res.error };
}

/**
 * Runs Meta's verification handshake against a callback URL, then the same GET with a wrong token, and
 * judges both as Meta would. Never throws for network problems (they are verdicts); throws only when
 * `signal` aborts (Ctrl-C).
 *
 * @example
 * const { verdict, wrongToken } = await probeVerification({ url: callbackUrl, verifyToken, signal: ctx.signal });
 * if (!verdict.ok) output.fail(verdict.message, verdict.hint);
 */
export async function probeVerification(options: ProbeVerificationOptions): Promise<VerificationResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const requestOptions = (kind: 'handshake' | 'wrong-token') => ({
    timeoutMs,
    signal: options.signal,
    headers: options.probe ? { ...probeHeaders(options.probe, kind), ...options.headers } : options.headers,
  });
  let dispatcher = options.dispatcher;
  let owned: Dispatcher | undefined;
  if (!dispatcher) dispatcher = owned = (await import('../http/client-io.js')).proxyDispatcher();
  try {
    const challenge = options.challenge ?? makeChallenge();
    const probe = await sendVerificationGet(
      dispatcher,
      options.url,
      challenge,
      options.verifyToken,
      requestOptions('handshake'),
    );
    const verdict = judgeVerification(probe, options.runningUp);
    verdict.warnings.push(...judgeVerifyToken(options.verifyToken));

    // Only worth asking when something answered at all; otherwise it would just repeat the same failure.
    let wrongToken: WrongTokenVerdict = { accepted: false, refused: false, status: null };
    if (probe.response && options.checkWrongToken !== false) {
      const wrong = `wa-hook-wrong-${randomBytes(6).toString('hex')}`;
      wrongToken = judgeWrongToken(
        await sendVerificationGet(dispatcher, options.url, makeChallenge(), wrong, requestOptions('wrong-token')),
      );
      // A failed handshake already says why (a backend that is down fails both GETs alike).
      const worthSaying = wrongToken.accepted || verdict.ok;
      if (wrongToken.warning && worthSaying) verdict.warnings.push(wrongToken.warning);
    }
    return {
      verdict,
      wrongToken,
      displayUrl: displayVerificationUrl(options.url, challenge, options.verifyToken),
      challenge,
      status: probe.response?.status ?? null,
      ms: probe.response ? Math.round(probe.response.ms) : null,
    };
  } finally {
    // destroy, not close: a receiver that never answered must not keep this process alive.
    await owned?.destroy();
  }
}
