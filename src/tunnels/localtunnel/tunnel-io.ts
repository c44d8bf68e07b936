/**
 * localtunnel client, implementing the protocol of https://github.com/localtunnel/server directly
 * instead of the npm client, whose setup retries forever, keeps Node alive and never replaces a socket
 * refused by the server: `GET <host>/?new` (or `/<subdomain>`), then `max_conn_count` raw TCP sockets to
 * `ip || hostname(host):port`, each piped byte-exact to 127.0.0.1:PORT.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { httpGetText } from '../http-get-io.js';
import {
  isValidSubdomain,
  localtunnelUnreachableFailure,
  parseLocaltunnelReply,
  type LocaltunnelInfo,
} from './reply.js';
import type { TunnelFailure } from '../failure.js';
import { TunnelStartError, type LocaltunnelOptions, type Tunnel, type TunnelEventMap } from '../types.js';

export const DEFAULT_LOCALTUNNEL_HOST = 'https://localtunnel.me';
const SETUP_TIMEOUT_MS = 10_000;

/** The server to register with: option, then WA_HOOK_LOCALTUNNEL_HOST, then localtunnel.me. */
export function localtunnelHost(options: Pick<LocaltunnelOptions, 'host' | 'env'>): string {
  return (options.host ?? options.env.WA_HOOK_LOCALTUNNEL_HOST ?? DEFAULT_LOCALTUNNEL_HOST).replace(/\/+$/, '');
}

class LocaltunnelTunnel extends EventEmitter<TunnelEventMap> implements Tunnel {
  readonly provider = 'localtunnel' as const;
  readonly pids: number[] = [];
  private readonly host: string;
  private info?: LocaltunnelInfo;
  private lastId?: string;
  /** HTTP status of the last setup reply that was not a tunnel (4xx = "not this id"). */
  private lastRefusal?: number;
  private readonly sockets = new Set<net.Socket>();
  private stopped = false;
  private recreating = false;
  private failures = 0;
  private pending?: { resolve: () => void; reject: (failure: TunnelFailure) => void };
  private controller = new AbortController();

  constructor(private readonly options: LocaltunnelOptions) {
    super();
    this.host = localtunnelHost(options);
  }

  async start(): Promise<string> {
    const { subdomain } = this.options;
    if (subdomain !== undefined && !isValidSubdomain(subdomain)) {
      throw new TunnelStartError(
        parseFailure(
          403,
          '{"message":"Invalid subdomain. Subdomains must be lowercase and between 4 and 63 alphanumeric characters."}',
        ),
      );
    }
    await this.registerPreferring(subdomain ?? this.options.previousId);
    return this.info?.url ?? '';
  }

  get resumeId(): string | undefined {
    return this.lastId;
  }

  /**
   * Asks for `id` first (`GET /<id>`: the same URL after a server restart or our own), and for a new one
   * (`?new`) only when the server answered and refused it. A server that does not answer is a failure: the
   * caller retries later, still asking for `id`. An explicit --subdomain is never swapped.
   */
  /** The registration now (a method: TypeScript would keep `this.info` narrowed to undefined across the await). */
  private registered(): LocaltunnelInfo | undefined {
    return this.info;
  }

  private async registerPreferring(id: string | undefined): Promise<void> {
    const wanted = id && isValidSubdomain(id) ? id : undefined;
    if (!wanted) return this.register(undefined);
    try {
      await this.register(wanted);
    } catch (error) {
      // 4xx: the server answered "not this id"; 5xx or no answer: it is unwell, ask again later.
      const refused = this.lastRefusal !== undefined && this.lastRefusal >= 400 && this.lastRefusal < 500;
      if (!refused || this.options.subdomain !== undefined || this.stopped) throw error;
      await this.register(undefined);
    }
  }

  /** Asks for a tunnel, then waits for the first socket: the reply alone does not mean traffic can flow. */
  private async register(subdomain: string | undefined): Promise<void> {
    const url = `${this.host}/${subdomain ? encodeURIComponent(subdomain) : '?new'}`;
    this.lastRefusal = undefined;
    const reply = await httpGetText(url, {
      timeoutMs: this.options.readyTimeoutMs ?? SETUP_TIMEOUT_MS,
      signal: this.controller.signal,
    });
    if (!reply.ok) {
      const { kind, code, message } = reply.error;
      throw new TunnelStartError(localtunnelUnreachableFailure(this.host, code && kind !== 'timeout' ? code : message));
    }
    if (this.stopped)
      throw new TunnelStartError({ id: 'stopped', message: 'the tunnel was stopped while starting', hint: '' });
    const parsed = parseLocaltunnelReply(reply.status, reply.body);
    this.lastRefusal = parsed.ok ? undefined : reply.status;
    if (!parsed.ok) throw new TunnelStartError(parsed.failure);
    const info = parsed.info;
    this.info = info;
    this.lastId = info.id;
    const timeoutMs = this.options.readyTimeoutMs ?? SETUP_TIMEOUT_MS;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new TunnelStartError(this.socketFailure(info, `no connection within ${timeoutMs} ms`))),
          timeoutMs,
        );
        this.pending = {
          resolve: () => (clearTimeout(timer), resolve()),
          reject: (failure) => (clearTimeout(timer), reject(new TunnelStartError(failure))),
        };
        for (let i = 0; i < info.maxConnCount; i += 1) this.openRemote(info);
      });
    } catch (error) {
      // No socket connected in time: drop this registration, or its sockets would keep re-opening forever.
      if (this.info === info) this.info = undefined;
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
      throw error;
    } finally {
      this.pending = undefined;
    }
  }

  private socketFailure(info: LocaltunnelInfo, reason: string): TunnelFailure {
    return localtunnelUnreachableFailure(`${this.remoteHost(info)}:${info.port}`, reason);
  }

  private remoteHost(info: LocaltunnelInfo): string {
    return info.ip ?? new URL(this.host).hostname;
  }

  /** One pooled socket; the server writes public requests into it and we relay them to the receiver. */
  private openRemote(info: LocaltunnelInfo): void {
    if (this.stopped || this.info !== info) return;
    const remote = net.connect({ host: this.remoteHost(info), port: info.port });
    this.sockets.add(remote);
    remote.setKeepAlive(true);
    remote.setNoDelay(true);
    let local: net.Socket | undefined;
    let refused = false;
    remote.once('connect', () => {
      this.failures = 0;
      this.pending?.resolve();
    });
    remote.on('error', (error: NodeJS.ErrnoException) => {
      // A refused pool port means the server dropped us (restart, 1 s without sockets): our id is gone.
      if (error.code !== 'ECONNREFUSED' || this.info !== info) return;
      refused = true;
      const failure = this.socketFailure(info, `connection refused: ${this.remoteHost(info)}:${info.port}`);
      if (this.pending) this.pending.reject(failure);
      else void this.recreate(failure);
    });
    // Connect to the receiver only when the server sends a request, so idle sockets cost the receiver nothing.
    remote.once('data', (first: Buffer) => {
      remote.pause();
      const toLocal = net.connect({ host: '127.0.0.1', port: this.options.port });
      local = toLocal;
      toLocal.setNoDelay(true);
      toLocal.once('connect', () => {
        toLocal.write(first);
        remote.pipe(toLocal);
        toLocal.pipe(remote);
        remote.resume();
      });
      // Receiver down: drop this socket, the server answers the visitor with an error, and we open a new one.
      toLocal.on('error', () => remote.destroy());
      toLocal.on('close', () => remote.end());
    });
    remote.on('close', (hadError) => {
      this.sockets.delete(remote);
      local?.destroy();
      if (refused || this.stopped || this.info !== info) return;
      // Keep the pool full (each socket carries one connection's lifetime); back off while the server misbehaves.
      if (hadError) this.failures += 1;
      const delay = Math.min(50 * 2 ** this.failures, 5000);
      setTimeout(() => this.openRemote(info), delay).unref();
    });
  }

  /** The server forgot us: ask again, for the same id if we can, and say so if the URL changed. */
  private async recreate(failure: TunnelFailure): Promise<void> {
    if (this.recreating || this.stopped) return;
    this.recreating = true;
    const previous = this.info;
    this.info = undefined;
    for (const socket of this.sockets) socket.destroy();
    try {
      // Asking for the old id first keeps the URL (and Meta's setting) valid when the server allows it.
      await this.registerPreferring(this.options.subdomain ?? previous?.id);
      const current = this.registered();
      if (previous && current && current.url !== previous.url) this.emit('url-changed', current.url);
    } catch (error) {
      if (!this.stopped) this.emit('down', error instanceof TunnelStartError ? error.failure : failure);
    } finally {
      this.recreating = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.controller.abort();
    // Ends a start() still waiting for its first socket, whose timer would otherwise keep Node alive.
    this.pending?.reject({ id: 'stopped', message: 'the tunnel was stopped while starting', hint: '' });
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

function parseFailure(status: number, body: string): TunnelFailure {
  const parsed = parseLocaltunnelReply(status, body);
  return parsed.ok ? { id: 'unknown', message: 'unexpected', hint: '' } : parsed.failure;
}

export function createLocaltunnelTunnel(options: LocaltunnelOptions): Tunnel {
  return new LocaltunnelTunnel(options);
}
