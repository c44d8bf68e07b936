/**
 * `up`'s self-test: Meta's verification request (the same probe and verdicts as `wa-hook verify`) sent
 * through the public URL, retried while a new tunnel hostname is still unknown to DNS or the edge answers
 * 530 (a quick tunnel takes a few seconds to be reachable after cloudflared prints its URL).
 */
import type { Finding } from '../verification/types.js';
import type { RunningUpReceiver } from '../verification/running-up.js';

export interface SelfTestVerdict {
  ok: boolean;
  /** Stable id shared with `wa-hook verify` (ok, wrong-token, tunnel-not-ready, localtunnel-reminder…). */
  cause: string;
  message: string;
  hint?: string;
  status: number | null;
  ms: number | null;
  warnings: Finding[];
}

export type CallbackProbe = (options: {
  url: string;
  verifyToken: string;
  headers: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
  checkWrongToken: boolean;
  /** The receiver behind the URL is this running `up` (forwarding to `forwardTo`): hints name it. */
  runningUp?: RunningUpReceiver;
}) => Promise<SelfTestVerdict>;

/** Answers that mean "not yet" rather than "wrong": DNS not propagated, Cloudflare 1033/530. */
const RETRYABLE = new Set(['dns-not-found', 'tunnel-not-ready']);

/** Loads the probe (and the HTTP client, undici) ahead of time so the self-test starts as soon as the URL exists. */
export function preloadProbe(): void {
  import('../verification/probe-io.js').then(() => import('../http/client-io.js')).catch(() => undefined);
}

/** The verification probe of `wa-hook verify` (verification/probe-io.ts), also checking a wrong token. */
export const verifyProbe: CallbackProbe = async ({
  url,
  verifyToken,
  headers,
  signal,
  timeoutMs,
  checkWrongToken,
  runningUp,
}) => {
  const { probeVerification } = await import('../verification/probe-io.js');
  const { verdict, status, ms } = await probeVerification({
    url,
    verifyToken,
    headers,
    probe: 'up',
    signal,
    timeoutMs,
    checkWrongToken,
    ...(runningUp ? { runningUp } : {}),
  });
  return {
    ok: verdict.ok,
    cause: verdict.cause,
    message: verdict.message,
    hint: verdict.hint,
    status,
    ms,
    warnings: verdict.warnings,
  };
};

export interface SelfTestOptions {
  callbackUrl: string;
  verifyToken: string;
  /** Extra headers, e.g. Bypass-Tunnel-Reminder for localtunnel. */
  headers?: Record<string, string>;
  signal: AbortSignal;
  /**
   * Also send a wrong token and expect a refusal. Worth it for a user's backend (--forward-to); the bundled
   * receiver is known to refuse, and the refusal would only print a confusing red line.
   */
  checkWrongToken?: boolean;
  /** `up --forward-to`: the backend behind this `up`, so a 502 says to start it (not to start `up`). */
  forwardTo?: string;
  /** Keep retrying "not yet" answers for this long (default 30 s). */
  retryForMs?: number;
  probe?: CallbackProbe;
}

/** Never throws: a cancelled run (Ctrl-C) comes back as cause `cancelled`. */
export async function runSelfTest(options: SelfTestOptions): Promise<SelfTestVerdict & { attempts: number }> {
  const deadline = Date.now() + (options.retryForMs ?? 30_000);
  const probe = options.probe ?? verifyProbe;
  for (let attempts = 1; ; attempts += 1) {
    let verdict: SelfTestVerdict;
    try {
      verdict = await probe({
        url: options.callbackUrl,
        verifyToken: options.verifyToken,
        headers: options.headers ?? {},
        signal: options.signal,
        timeoutMs: 10_000,
        checkWrongToken: options.checkWrongToken ?? false,
        // The self-test is `up`'s own: whatever fails behind the tunnel, `up` itself is running.
        runningUp: { forwardTo: options.forwardTo },
      });
    } catch (error) {
      const cancelled = options.signal.aborted;
      verdict = {
        ok: false,
        cause: cancelled ? 'cancelled' : 'probe-error',
        message: cancelled ? 'cancelled' : error instanceof Error ? error.message : String(error),
        status: null,
        ms: null,
        warnings: [],
      };
    }
    if (verdict.ok || !RETRYABLE.has(verdict.cause) || Date.now() >= deadline || options.signal.aborted)
      return { ...verdict, attempts };
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 250 * attempts)));
  }
}
