import type { EventEmitter } from 'node:events';
import type { TunnelFailure } from './failure.js';

export type { TunnelFailure };

export type TunnelProvider = 'cloudflared' | 'localtunnel';

/** Raised by `start()` when the tunnel could not come up; `failure` carries the one-line reason and hint. */
export class TunnelStartError extends Error {
  readonly failure: TunnelFailure;
  constructor(failure: TunnelFailure) {
    super(failure.message);
    this.name = 'TunnelStartError';
    this.failure = failure;
  }
}

/** What a running tunnel reports after `start()` resolved. */
export interface TunnelEventMap {
  /** The provider re-registered on its own and now answers on another public origin (Meta must be updated). */
  'url-changed': [url: string];
  /** The tunnel is gone for good (process died, server dropped it); a supervisor creates a new one. */
  down: [failure: TunnelFailure];
  /** Something worth telling the user while the tunnel keeps running (origin unreachable, edge reconnect). */
  error: [failure: TunnelFailure];
}

/**
 * One tunnel session. Adapters are one-shot: `start()` once, then `stop()`; restarting means creating a
 * new instance (registry-io.ts), which keeps retry policy in one place (the supervisor).
 */
export interface Tunnel extends EventEmitter<TunnelEventMap> {
  readonly provider: TunnelProvider;
  /** Resolves with the public origin (`https://host`, no path) once the tunnel serves traffic. */
  start(): Promise<string>;
  /** Stops the tunnel and every process/socket it owns; resolves when they are gone. Idempotent. */
  stop(): Promise<void>;
  /** Ids of child processes (for diagnostics); empty for in-process tunnels. */
  readonly pids: number[];
  /**
   * The provider's id for this tunnel's public URL (localtunnel's client id), once it had one: the next
   * session asks for it again (`previousId`) so a restart keeps the URL Meta knows.
   */
  readonly resumeId?: string;
}

export interface TunnelOptions {
  /** Port of the local receiver on 127.0.0.1. */
  port: number;
  env: NodeJS.ProcessEnv;
  /** How long start() waits for the tunnel to serve traffic. */
  readyTimeoutMs?: number;
  /**
   * Arms the ready deadline: calls `expire` after `ms`, returns a cancel function. Default: setTimeout.
   * Injected by tests to end the wait when the behaviour under test happened, not after a guessed time.
   */
  readyTimer?: (ms: number, expire: () => void) => () => void;
  /** Receives every raw output line (debug logging). */
  onLine?: (line: string) => void;
  /** `resumeId` of the previous session: ask for the same public URL first. */
  previousId?: string;
}

export interface CloudflaredOptions extends TunnelOptions {
  /** Named tunnel: run NAME and announce https://HOSTNAME. */
  tunnelName?: string;
  hostname?: string;
  /** `http2` when UDP 7844 is blocked (chosen by the supervisor after an edge-unreachable failure). */
  protocol?: 'quic' | 'http2';
  /** Executable name or path (default `cloudflared`, resolved on PATH). */
  command?: string;
}

export interface LocaltunnelOptions extends TunnelOptions {
  /** Server to register with (default https://localtunnel.me; env WA_HOOK_LOCALTUNNEL_HOST). */
  host?: string;
  subdomain?: string;
}
