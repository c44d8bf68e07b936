/**
 * cloudflared adapter: quick tunnel (`tunnel --url`) or named tunnel (`tunnel run --url … NAME`).
 * Flags and output as in https://github.com/cloudflare/cloudflared (2026.8.2).
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnManaged, type ManagedProcess } from '../../platform/child-process-io.js';
import { httpGetText } from '../http-get-io.js';
import { cloudflaredMissingFailure, stripLogPrefix } from './output.js';
import { CloudflaredLog } from './output-log.js';
import { classifyCloudflaredExit, edgeUnreachableFailure, type CloudflaredRun } from './explain.js';
import type { TunnelFailure } from '../failure.js';
import { TunnelStartError, type CloudflaredOptions, type Tunnel, type TunnelEventMap } from '../types.js';
import { recordOr } from '../../json-narrow.js';

export const DEFAULT_READY_TIMEOUT_MS = 30_000;
const STOPPED = { id: 'stopped', message: 'the tunnel was stopped while starting', hint: '' };
/** Longest wait for a cloudflared that prints nothing at all (the ready deadline counts from its first line). */
const SILENT_START_MS = 30_000;

/**
 * The command line. Tunnel-level flags must precede `run`; `--config` points at an empty `{}` file
 * so the user's ~/.cloudflared/config.yml ingress rules cannot hijack --url; 127.0.0.1, not localhost,
 * because the receiver is IPv4-only.
 */
export function cloudflaredArgs(options: {
  port: number;
  configFile: string;
  tunnelName?: string;
  protocol?: 'quic' | 'http2';
}): string[] {
  const origin = `http://127.0.0.1:${options.port}`;
  const common = ['tunnel', '--no-autoupdate', '--config', options.configFile, '--metrics', '127.0.0.1:0'];
  if (options.protocol === 'http2') common.push('--protocol', 'http2');
  if (options.tunnelName) return [...common, 'run', '--url', origin, options.tunnelName];
  return [...common, '--grace-period', '1s', '--url', origin];
}

class CloudflaredTunnel extends EventEmitter<TunnelEventMap> implements Tunnel {
  readonly provider = 'cloudflared' as const;
  private proc?: ManagedProcess;
  private tempDir?: string;
  private stopped = false;
  private abortStart?: () => void;

  constructor(private readonly options: CloudflaredOptions) {
    super();
  }

  get pids(): number[] {
    return this.proc?.pid ? [this.proc.pid] : [];
  }

  async start(): Promise<string> {
    const { options } = this;
    this.tempDir = await mkdtemp(join(tmpdir(), 'wa-hook-cf-'));
    const configFile = join(this.tempDir, 'cf.yml');
    await writeFile(configFile, '{}\n');
    // stop() may have come while the config was written: then nothing must be spawned.
    if (this.stopped) {
      await rm(this.tempDir, { recursive: true, force: true });
      throw new TunnelStartError(STOPPED);
    }
    const named = Boolean(options.tunnelName);
    const timeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;

    let url =
      named && options.hostname
        ? `https://${options.hostname.replace(/^https?:\/\//, '').replace(/\/+$/, '')}`
        : undefined;
    let metrics: string | undefined;
    let fatal: TunnelFailure | undefined;
    const log = new CloudflaredLog();
    const run: CloudflaredRun = { port: options.port, tunnelName: options.tunnelName, protocol: options.protocol };
    let ready = false;
    let armTimer = () => {};
    let settle: { resolve: (url: string) => void; reject: (e: Error) => void } | undefined;
    const done = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
    // stop() during start must end start() too, or its timers would keep wa-hook alive after Ctrl-C.
    this.abortStart = () => settle?.reject(new TunnelStartError(STOPPED));

    let readying = false;
    const becomeReady = async () => {
      if (readying || this.stopped) return;
      readying = true;
      const host = await this.quickTunnelHost(metrics);
      if (!url && host) url = `https://${host}`;
      else if (url && host && new URL(url).host !== host && this.listenerCount('error') > 0) {
        this.emit('error', {
          id: 'url-mismatch',
          message: `cloudflared printed ${url} but its metrics say ${host}`,
          hint: 'using the printed URL; if the self-test fails, restart wa-hook',
        });
      }
      if (this.stopped || ready) return;
      if (!url)
        return this.failStart(settle, {
          id: 'no-url',
          message: 'cloudflared is ready but announced no public URL',
          hint: 'update cloudflared, or use `--tunnel localtunnel`',
        });
      ready = true;
      settle?.resolve(url);
    };

    this.proc = spawnManaged(
      options.command ?? 'cloudflared',
      cloudflaredArgs({ port: options.port, configFile, tunnelName: options.tunnelName, protocol: options.protocol }),
      {
        env: options.env,
        // A cloudflared failing in a tight loop writes each line separately: read in batches (CPU).
        pauseBetweenReadsMs: 20,
        onLine: (line) => {
          // The deadline counts from cloudflared's first word: a slow spawn on a loaded machine is not the edge's fault.
          armTimer();
          options.onLine?.(line);
          const parsed = log.feed(line);
          if (parsed.kind === 'url' && !url) url = parsed.url;
          else if (parsed.kind === 'metrics') metrics ??= parsed.address;
          else if (parsed.kind === 'registered' && (url || named)) void becomeReady();
          else if (parsed.kind === 'failure') fatal ??= parsed.failure;
          // Before ready, dial retries are the edge-unreachable story the timeout tells; after, they are news.
          else if (parsed.kind === 'warning' && ready && this.listenerCount('error') > 0)
            this.emit('error', parsed.failure);
        },
      },
    );

    const proc = this.proc;
    void proc.exited.then((exit) => {
      if (this.stopped) return;
      if (exit.spawnError === 'ENOENT') return this.failStart(settle, cloudflaredMissingFailure(process.platform));
      if (!ready)
        return this.failStart(
          settle,
          fatal ?? classifyCloudflaredExit(log.recentLines(), exit.exitCode, run, log.diagnosis),
        );
      const tail = log.recentLines().slice(-2).map(stripLogPrefix).join(' | ');
      this.emit(
        'down',
        fatal ?? {
          id: 'tunnel-exited',
          message: `cloudflared exited unexpectedly (code ${exit.exitCode ?? exit.signal})${tail ? `: ${tail}` : ''}`,
          hint: 'wa-hook restarts it; a quick tunnel gets a new URL',
        },
      );
    });

    // Fallback readiness: the Registered line may be hidden (--loglevel), /ready is authoritative.
    const poll = setInterval(() => {
      if (metrics && (url || named) && !ready) {
        httpGetText(`http://${metrics}/ready`, { timeoutMs: 1000 }).then(
          (r) => {
            if (r.ok && r.status === 200) void becomeReady();
          },
          () => undefined,
        );
      }
    }, 500);
    const expire = () => {
      if (ready) return;
      // Dial failures without a URL yet are the same story: the edge cannot be reached.
      const sawDialErrors = log.diagnosis.dialFailures.quic + log.diagnosis.dialFailures.http2 > 0;
      const failure =
        url || sawDialErrors
          ? edgeUnreachableFailure(Math.round(timeoutMs / 1000), log.diagnosis, options.protocol)
          : {
              id: 'no-url',
              message: `cloudflared announced no public URL within ${Math.round(timeoutMs / 1000)} s`,
              hint: 'check your internet connection, or use `--tunnel localtunnel`',
            };
      void this.failStart(settle, failure);
    };
    const startTimer =
      options.readyTimer ??
      ((ms: number, fire: () => void) => {
        const t = setTimeout(fire, ms);
        return () => clearTimeout(t);
      });
    let cancelTimers: Array<() => void> = [];
    armTimer = () => {
      armTimer = () => {};
      cancelTimers.push(startTimer(timeoutMs, expire));
    };
    // A cloudflared that never says anything at all still ends the wait, later.
    cancelTimers.push(startTimer(Math.max(timeoutMs * 3, SILENT_START_MS), expire));
    try {
      return await done;
    } finally {
      clearInterval(poll);
      // A line printed after start() ended (cloudflared saying goodbye) must not arm a new deadline.
      armTimer = () => {};
      for (const cancel of cancelTimers) cancel();
      cancelTimers = [];
    }
  }

  /** /quicktunnel holds the bare hostname (no scheme), "" for named tunnels: only a cross-check/fallback. */
  private async quickTunnelHost(metrics: string | undefined): Promise<string | undefined> {
    if (!metrics || this.options.tunnelName) return undefined;
    try {
      const reply = await httpGetText(`http://${metrics}/quicktunnel`, { timeoutMs: 1000 });
      if (!reply.ok) return undefined;
      const hostname = recordOr(JSON.parse(reply.body)).hostname;
      return typeof hostname === 'string' && hostname ? hostname : undefined;
    } catch {
      return undefined;
    }
  }

  private async failStart(settle: { reject: (e: Error) => void } | undefined, failure: TunnelFailure): Promise<void> {
    // This failure, not "stopped", is what start() reports; it rejects once the process is gone.
    this.abortStart = undefined;
    await this.stop();
    settle?.reject(new TunnelStartError(failure));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abortStart?.();
    await this.proc?.stop(5000);
    if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

export function createCloudflaredTunnel(options: CloudflaredOptions): Tunnel {
  return new CloudflaredTunnel(options);
}
