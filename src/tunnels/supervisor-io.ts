/**
 * Keeps one public tunnel alive for `wa-hook up`: starts it, retries with backoff when it cannot start,
 * restarts it when it dies, and reports when the public URL changed. It gives up only on what retrying
 * cannot fix (the program is not installed), after a few attempts; the receiver keeps running either way.
 */
import { createTunnel, type ProviderOptions } from './registry-io.js';
import { TunnelStartError, type Tunnel, type TunnelFailure, type TunnelProvider } from './types.js';
import { errorMessage } from '../errors-narrow.js';

export type SupervisorEvent =
  | { type: 'starting'; attempt: number }
  /** The tunnel serves traffic at `url`; `changed` when an earlier session had another URL. */
  | { type: 'up'; url: string; previousUrl?: string; changed: boolean; restarted: boolean }
  /** Could not start (or it died): retrying after `retryInMs`. */
  | { type: 'failed'; failure: TunnelFailure; retryInMs: number; attempt: number; wasUp: boolean }
  | { type: 'warning'; failure: TunnelFailure }
  /** Stopped retrying: `failure` cannot fix itself (e.g. cloudflared not installed). */
  | { type: 'gave-up'; failure: TunnelFailure; attempts: number };

/** Failures no retry can fix: a few attempts (installing it meanwhile is fine), then one clear line. */
const PERMANENT_FAILURES: ReadonlySet<string> = new Set(['cloudflared-missing']);
export const ATTEMPTS_BEFORE_GIVING_UP = 3;

export interface SupervisorOptions {
  provider: TunnelProvider;
  tunnel: ProviderOptions;
  onEvent: (event: SupervisorEvent) => void;
  /** Factory (replaceable for unit tests of the policy); default: the provider registry. */
  create?: (provider: TunnelProvider, options: ProviderOptions) => Tunnel;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Ctrl-C also reaches cloudflared directly (same process group): its exit then is no reason to restart. */
  signal?: AbortSignal;
}

/** 1 s, 2 s, 4 s … capped: quick recovery from a blip, no hammering of a rate-limited service. */
export function backoffDelay(attempt: number, initialMs = 1000, maxMs = 60_000): number {
  return Math.min(initialMs * 2 ** Math.max(0, attempt - 1), maxMs);
}

const STABLE_MS = 60_000;

export class TunnelSupervisor {
  private current?: Tunnel;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private attempt = 0;
  /** Consecutive failures; only a session that stayed up for a while resets it, so crash loops back off too. */
  private failures = 0;
  private upSince = 0;
  private lastUrl?: string;
  private protocol: 'quic' | 'http2' | undefined;
  /** The provider id of the last URL (localtunnel): each new session asks for it first. */
  private lastId?: string;

  constructor(private readonly options: SupervisorOptions) {}

  get url(): string | undefined {
    return this.lastUrl;
  }

  get pids(): number[] {
    return this.current?.pids ?? [];
  }

  /** Starts the first attempt in the background; events report progress. */
  start(): void {
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.stopped || this.options.signal?.aborted) return;
    this.attempt += 1;
    const { options } = this;
    options.onEvent({ type: 'starting', attempt: this.attempt });
    this.lastId = this.current?.resumeId ?? this.lastId;
    const tunnel = (options.create ?? createTunnel)(options.provider, {
      ...options.tunnel,
      protocol: this.protocol ?? options.tunnel.protocol,
      ...(this.lastId ? { previousId: this.lastId } : {}),
    });
    this.current = tunnel;
    let restarted = false;
    tunnel.on('error', (failure) => options.onEvent({ type: 'warning', failure }));
    tunnel.on('url-changed', (url) => this.announce(url, true));
    tunnel.on('down', (failure) => {
      if (this.current !== tunnel || this.stopped) return;
      restarted = true;
      void tunnel.stop();
      if (Date.now() - this.upSince > STABLE_MS) this.failures = 0;
      this.retry(failure, true);
    });
    try {
      const url = await tunnel.start();
      if (this.stopped || this.current !== tunnel || restarted) return;
      this.upSince = Date.now();
      this.announce(url, this.lastUrl !== undefined);
    } catch (error) {
      // A failed start may still hold sockets or a process (a localtunnel re-opening its pool): end it.
      void tunnel.stop();
      if (this.stopped || this.current !== tunnel) return;
      const failure =
        error instanceof TunnelStartError
          ? error.failure
          : { id: 'tunnel-error', message: errorMessage(error), hint: 'wa-hook keeps retrying' };
      // QUIC to the edge is blocked: every later attempt goes over HTTP/2 (TCP 443/7844) instead.
      if (failure.id === 'edge-unreachable') this.protocol = 'http2';
      this.retry(failure, false);
    }
  }

  private announce(url: string, restarted: boolean): void {
    const previousUrl = this.lastUrl;
    this.lastUrl = url;
    this.options.onEvent({
      type: 'up',
      url,
      previousUrl,
      changed: previousUrl !== undefined && previousUrl !== url,
      restarted,
    });
  }

  private retry(failure: TunnelFailure, wasUp: boolean): void {
    if (this.stopped || this.options.signal?.aborted) return;
    this.failures += 1;
    if (PERMANENT_FAILURES.has(failure.id) && this.attempt >= ATTEMPTS_BEFORE_GIVING_UP) {
      this.options.onEvent({ type: 'gave-up', failure, attempts: this.attempt });
      return;
    }
    const retryInMs = backoffDelay(this.failures, this.options.initialDelayMs, this.options.maxDelayMs);
    this.options.onEvent({ type: 'failed', failure, retryInMs, attempt: this.attempt, wasUp });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), retryInMs);
  }

  /** Stops retrying and stops the tunnel (graceful, then forced); resolves when its processes are gone. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current?.stop();
  }
}
