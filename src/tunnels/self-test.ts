/**
 * `up`'s self-test: Meta's verification GET sent through the public URL, retried while the tunnel's
 * hostname is still unknown to DNS or the edge answers 530 (reference/tunnels.md §1.2 Timing).
 */
import { randomInt } from 'node:crypto';
import { httpGetText } from '../adapters/http-get.js';

export interface SelfTestVerdict {
  ok: boolean;
  /** Stable id, the same vocabulary as `wa-hook verify` (ok, wrong-token, tunnel-not-ready, …). */
  cause: string;
  message: string;
  hint?: string;
  status: number | null;
  ms: number | null;
}

export type CallbackProbe = (options: { url: string; verifyToken: string; headers: Record<string, string>; signal?: AbortSignal; timeoutMs: number }) => Promise<SelfTestVerdict>;

/** Answers that mean "not yet" rather than "wrong": DNS not propagated, Cloudflare 1033/530. */
const RETRYABLE = new Set(['dns-not-found', 'tunnel-not-ready']);

/** Meta's crawler UA: not browser-like, so loca.lt's reminder page does not stop it (§2). */
const META_UA = 'facebookexternalua';

function judge(status: number, body: string, challenge: string, ms: number): SelfTestVerdict {
  const base = { status, ms };
  if (status === 200 && body === challenge) return { ...base, ok: true, cause: 'ok', message: `the handshake answered ${status} with the challenge in ${ms} ms` };
  if (status === 530) return { ...base, ok: false, cause: 'tunnel-not-ready', message: 'the tunnel answered 530 (Cloudflare error 1033: not connected yet)', hint: 'wait a few seconds; a new quick tunnel needs a moment' };
  if (status === 401 && /localtunnel|Friendly Reminder|Bypass-Tunnel-Reminder/i.test(body)) {
    return { ...base, ok: false, cause: 'localtunnel-reminder', message: "loca.lt showed its reminder page instead of passing the request", hint: "Meta's user agent normally passes; if Meta's verify fails, use cloudflared (install it) or --public-url" };
  }
  if (status === 403) return { ...base, ok: false, cause: 'wrong-token', message: 'the receiver refused the verify token (403)', hint: 'the token in Meta must equal WHATSAPP_VERIFY_TOKEN; in forward mode your backend must use the same one' };
  if (status === 404) return { ...base, ok: false, cause: 'wrong-path', message: 'the callback path does not exist (404)', hint: 'check --path / WEBHOOK_PATH (and the route of your backend with --forward-to)' };
  if (status === 502 || status === 504) return { ...base, ok: false, cause: 'origin-unreachable', message: `the tunnel could not reach the receiver (${status})`, hint: 'is wa-hook still listening on its port? restart wa-hook up' };
  if (status === 200) return { ...base, ok: false, cause: 'body-mismatch', message: `answered 200 but not with the bare challenge (${JSON.stringify(body.slice(0, 60))})`, hint: 'Meta needs the hub.challenge value echoed as the whole body, nothing else' };
  return { ...base, ok: false, cause: 'not-200', message: `answered ${status} instead of 200`, hint: 'run `wa-hook verify --url <callback URL>` for details' };
}

/** A minimal verification GET (challenge echo). `wa-hook verify`'s probe can replace it via `probe`. */
export const simpleProbe: CallbackProbe = async ({ url, verifyToken, headers, signal, timeoutMs }) => {
  const challenge = String(randomInt(1_000_000_000, 2_000_000_000));
  const target = new URL(url);
  target.searchParams.set('hub.mode', 'subscribe');
  target.searchParams.set('hub.verify_token', verifyToken);
  target.searchParams.set('hub.challenge', challenge);
  const started = performance.now();
  try {
    const reply = await httpGetText(target.href, { timeoutMs, signal, headers: { 'user-agent': META_UA, ...headers } });
    return judge(reply.status, reply.body, challenge, Math.round(performance.now() - started));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { ok: false, cause: 'dns-not-found', status: null, ms: null, message: `${target.hostname} does not resolve yet (${code})`, hint: 'new tunnel hostnames take a few seconds to appear in DNS' };
    if (code === 'ECONNREFUSED') return { ok: false, cause: 'connection-refused', status: null, ms: null, message: `nothing listens at ${target.host}`, hint: 'is the tunnel (or your --public-url server) running?' };
    if (code === 'ETIMEDOUT') return { ok: false, cause: 'timeout', status: null, ms: null, message: `no answer within ${timeoutMs / 1000} s`, hint: 'Meta gives up after a few seconds too: check the tunnel and the receiver' };
    return { ok: false, cause: 'network-error', status: null, ms: null, message: `${code || (error as Error).message}`, hint: 'run `wa-hook doctor` for a full diagnosis' };
  }
};

export interface SelfTestOptions {
  callbackUrl: string;
  verifyToken: string;
  /** Extra headers, e.g. Bypass-Tunnel-Reminder for localtunnel. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Keep retrying "not yet" answers for this long (default 30 s). */
  retryForMs?: number;
  probe?: CallbackProbe;
}

export async function runSelfTest(options: SelfTestOptions): Promise<SelfTestVerdict & { attempts: number }> {
  const deadline = Date.now() + (options.retryForMs ?? 30_000);
  const probe = options.probe ?? simpleProbe;
  for (let attempts = 1; ; attempts += 1) {
    const verdict = await probe({ url: options.callbackUrl, verifyToken: options.verifyToken, headers: options.headers ?? {}, signal: options.signal, timeoutMs: 10_000 });
    if (verdict.ok || !RETRYABLE.has(verdict.cause) || Date.now() >= deadline || options.signal?.aborted) return { ...verdict, attempts };
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 250 * attempts)));
  }
}
