import { join } from 'node:path';
import type { Ctx } from '../context.js';
import { WaHookError } from '../errors.js';
import { generateVerifyToken } from '../core/tokens.js';
import { startReceiver, type Receiver } from '../server/receiver.js';
import { EventLog } from '../server/event-log.js';
import { removeState, stateDir, writeState } from '../adapters/state-file.js';
import { createOutput } from '../ui/output.js';
import { coalesceStreams } from '../ui/coalesced-streams.js';
import { renderReady, renderRecord } from '../ui/up-view.js';
import { loadConfig, type CommonOptions } from './common.js';

export interface UpOptions extends CommonOptions {
  tunnel?: 'cloudflared' | 'localtunnel' | 'none';
  forwardTo?: string;
  publicUrl?: string;
  showToken?: boolean;
  clipboard?: boolean;
}

function listenError(error: unknown, port: number): WaHookError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new WaHookError(`port ${port} on 127.0.0.1 is already in use`, {
      hint: `is your bot backend on it? use \`wa-hook up --forward-to http://127.0.0.1:${port}/your/path\`, or pick another port with --port (0 = any free one)`,
      cause: error,
    });
  }
  return new WaHookError(`cannot listen on 127.0.0.1:${port}: ${code ?? (error as Error).message}`, { cause: error });
}

/** `wa-hook up`: runs the receiver until Ctrl-C / SIGTERM, then cleans up and returns (exit 0). */
export async function up(opts: UpOptions, ctx: Ctx): Promise<void> {
  const out = createOutput(ctx, Boolean(opts.json));
  const config = await loadConfig(opts, ctx);
  const configuredToken = config.values.verifyToken;
  const verifyToken = configuredToken ?? generateVerifyToken();

  if (opts.tunnel !== 'none') {
    out.warn('public tunnels are not built into this version yet: running the local receiver only (--tunnel none)');
  }

  // A line per request: those writes are batched per event-loop turn instead of one syscall each.
  const recordStreams = coalesceStreams(ctx.stdout, ctx.stderr);
  const recordOut = createOutput({ ...ctx, stdout: recordStreams.stdout, stderr: recordStreams.stderr }, Boolean(opts.json));
  const log = await EventLog.open(join(stateDir(ctx.cwd), 'events.jsonl'));
  let receiver: Receiver;
  try {
    receiver = await startReceiver({
      port: config.port,
      path: config.path,
      verifyToken,
      appSecret: config.values.appSecret,
      log,
      onRecord: (record, details) => renderRecord(recordOut, record, details),
    });
  } catch (error) {
    await log.close();
    throw listenError(error, config.port);
  }

  try {
    await writeState(ctx.cwd, {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      localUrl: receiver.url,
      path: config.path,
      port: receiver.port,
      ...(configuredToken === undefined ? { sessionVerifyToken: verifyToken } : {}),
    });
    renderReady(out, {
      localUrl: receiver.url,
      port: receiver.port,
      path: config.path,
      verifyToken,
      verifyTokenGenerated: configuredToken === undefined,
      showToken: Boolean(opts.showToken),
      appSecretSet: config.values.appSecret !== undefined,
      eventLog: log.path,
    });
    out.info(out.theme.dim('Waiting for events (Ctrl-C to stop)…'));
    await waitForAbort(ctx.signal);
  } finally {
    out.info('Stopping…');
    await receiver.close();
    await log.close();
    await removeState(ctx.cwd);
    recordStreams.flush();
    out.data({ type: 'stopped' });
    out.info('Stopped.');
  }
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
