/**
 * `wa-hook up`: flags → config (every check once) → the session (session/session-io.ts) → its subscribers
 * (state.json, the terminal or --json view) → wait for Ctrl-C / SIGTERM / closed output → stop (exit 0).
 */
import { join } from 'node:path';
import type { Ctx } from '../../context.js';
import { ensureStateDir } from '../../state/state-dir-io.js';
import { stateDir } from '../../state/state-file-io.js';
import { checkExisting, ensureSafeDir } from '../../state/safe-files-io.js';
import { acquireUpLock } from '../../state/up-lock-io.js';
import { createUpSession, SESSION_FILES } from '../../session/session-io.js';
import { stateFileListener } from '../../session/state-file-io.js';
import { createOutput, type Output } from '../../ui/output-io.js';
import { coalesceStreams } from '../../ui/coalesced-streams-io.js';
import { createLiveView } from '../../ui/up/live-view.js';
import { createSpinner } from '../../ui/spinner-io.js';
import { createUpSessionView } from '../../ui/up/up-session-view.js';
import { watchOutputReader } from '../../ui/output-reader-io.js';
import { loadConfig, type LoadedConfig } from '../common.js';
import { upOptions, upSessionConfig, type UpOptions } from './config.js';
import { parsedCommand } from '../options.js';
import { DEFAULT_GRAPH_PORT } from '../../config/resolve.js';
import { renderLocal } from '../../ui/up/up-view.js';
import type { LocalMeta } from '../../local-meta/local-meta-io.js';
import {
  checkLocalFlags,
  LOCAL_GRAPH_VERSION,
  LOCAL_META_FILE,
  localIdentity,
  localPart,
  startLocalWhatsApp,
  withLocalIdentity,
} from './local.js';
export type { UpOptions } from './config.js';

/** Every file `up` keeps in `.wa-hook/`: checked (no links, ours) before anything starts. */
const STATE_FILES = ['up.lock', 'state.json', ...SESSION_FILES, LOCAL_META_FILE, 'templates.json'];

/** `wa-hook up`: runs the receiver until Ctrl-C / SIGTERM, then cleans up and returns (exit 0). */
export async function up(givenOpts: UpOptions, given: Ctx): Promise<void> {
  const ctx = stopOnClosedOutput(given);
  let opts = givenOpts;
  const json = Boolean(opts.json);
  let loaded = await loadConfig(opts, ctx);
  const out = createOutput(ctx, json);
  reportEnvFile(out, loaded);
  const graphPort = opts.graphPort ?? DEFAULT_GRAPH_PORT;
  if (opts.local) {
    checkLocalFlags(opts);
    opts = { ...opts, tunnel: 'none' };
  }
  // --local fills the ids and secrets from .wa-hook/ first: the flag checks then see them.
  const checkedEarly = opts.local ? undefined : await upSessionConfig(opts, loaded, ctx);
  // `.wa-hook/` must be a real folder of ours before anything is read or written in it (no planted links).
  await ensureSafeDir(stateDir(ctx.cwd));
  for (const name of STATE_FILES) await checkExisting(join(stateDir(ctx.cwd), name));
  // It holds customers' messages and the verify token: git-ignored from the moment it exists.
  await ensureStateDir(ctx.cwd);
  const local = opts.local ? await localIdentity(loaded, ctx.cwd) : undefined;
  if (local) loaded = withLocalIdentity(loaded, local);
  let config = checkedEarly ?? (await upSessionConfig(opts, loaded, ctx));
  const lock = await acquireUpLock(ctx.cwd);
  let meta: LocalMeta | undefined;
  try {
    if (local) {
      meta = await startLocalWhatsApp(ctx.cwd, graphPort, local);
      // The echo bot and anything else in this process call local WhatsApp, not graph.facebook.com.
      config = {
        ...config,
        loaded: {
          ...config.loaded,
          values: { ...config.loaded.values, graphUrl: `${meta.graphUrl}/${LOCAL_GRAPH_VERSION}` },
        },
      };
    }
    const sessionConfig = config;
    // A line per request: those writes are batched per event-loop turn instead of one syscall each.
    const recordStreams = coalesceStreams(ctx.stdout, ctx.stderr);
    const recordOut = createOutput({ ...ctx, stdout: recordStreams.stdout, stderr: recordStreams.stderr }, json);
    const view = createUpSessionView({
      out,
      live: createLiveView(recordOut),
      spinner:
        sessionConfig.publicSide.kind === 'none' ? { start: () => {}, clear: () => {} } : await createSpinner(ctx, out),
      showToken: sessionConfig.showToken,
      flush: () => recordStreams.flush(),
      tunnelOutput: debugOn(ctx.env)
        ? (provider, line) => void ctx.stderr.write(`[${new Date().toISOString()} ${provider}] ${line}\n`)
        : undefined,
    });
    // state.json first: the bus waits for its writes, so the file is there when the `ready` line is.
    const extraState = meta ? { localGraphUrl: meta.graphUrl, localControlToken: meta.controlToken } : {};
    const session = createUpSession(sessionConfig, {
      listeners: [stateFileListener(ctx.cwd, extraState), view],
      ...(meta ? { localMeta: meta, parts: [localPart(meta)] } : {}),
    });
    await session.start();
    if (meta && local) {
      const generated = (key: 'accessToken' | 'appSecret') => givenLoadedLacks(loaded, key);
      const info = {
        graphUrl: meta.graphUrl,
        version: LOCAL_GRAPH_VERSION,
        phoneNumberId: local.phoneNumberId,
        wabaId: local.wabaId,
        businessNumber: local.businessNumber,
        accessToken: local.accessToken,
        appSecret: local.appSecret,
        generated: { accessToken: generated('accessToken'), appSecret: generated('appSecret') },
      };
      renderLocal(out, info, sessionConfig.showToken);
    }
    await waitForAbort(ctx.signal);
    await session.stop();
  } finally {
    // Started before the session: closed here when the session never took it over.
    await meta?.close();
    await lock.release();
  }
}

/** True when the value came from wa-hook's generated local identity (no flag, env or .env set it). */
function givenLoadedLacks(loaded: LoadedConfig, key: 'accessToken' | 'appSecret'): boolean {
  return loaded.sources[key] === undefined || loaded.sources[key] === 'default';
}

/** DEBUG=wa-hook shows the tunnel program's own output, time-stamped (support requests, latency measurements). */
function debugOn(env: NodeJS.ProcessEnv): boolean {
  return /(^|,)\s*(wa-hook|\*)\s*(,|$)/.test(env.DEBUG ?? '');
}

/**
 * `wa-hook up | head -1`, or a `jq` that died: the reader of our output is gone. Stop as after Ctrl-C (tunnel
 * stopped, state.json removed) instead of dying on an unhandled EPIPE with the state file left behind — and
 * without waiting for the next line to find out, where the platform can tell (ui/output-reader-io.ts).
 */
function stopOnClosedOutput(ctx: Ctx): Ctx {
  const closed = new AbortController();
  const onError = (error: NodeJS.ErrnoException) => {
    if (closed.signal.aborted) return;
    closed.abort(error);
    stopWatching();
    // stderr may still be open (only stdout was piped): say why we stop; a second failure is ignored.
    if (error.code === 'EPIPE' && ctx.stderr.writable) ctx.stderr.write('wa-hook up: output closed, stopping\n');
  };
  // Never removed: a write still queued when up returns must not crash the process either.
  ctx.stdout.on('error', onError);
  ctx.stderr.on('error', onError);
  const gone = () => onError(Object.assign(new Error('output closed'), { code: 'EPIPE' }));
  const stopWatching = watchOutputReader(ctx.stdout, gone);
  return { ...ctx, signal: AbortSignal.any([ctx.signal, closed.signal]) };
}

/** A .env that is not plain UTF-8 (PowerShell 5.1 writes UTF-16) or holds no keys is worth a line. */
function reportEnvFile(out: Output, config: LoadedConfig): void {
  const file = config.dotenv;
  if (!file.found) return;
  if (Object.keys(file.values).length === 0)
    out.warn(
      `${file.path} has no KEY=value lines (${file.encodingLabel ?? 'unknown encoding'})`,
      'see `wa-hook doctor`',
    );
  else if (file.encoding === 'utf8-bom')
    out.info(
      `read ${file.path} as ${file.encodingLabel} (python-dotenv and node --env-file lose its first variable: see \`wa-hook doctor\`)`,
    );
  else if (file.encoding !== 'utf8')
    // wa-hook copes; Node's --env-file, python-dotenv and docker compose read only UTF-8.
    out.warn(
      `read ${file.path} as ${file.encodingLabel ?? file.encoding}: other tools read only UTF-8`,
      // Not Set-Content -Encoding utf8: in PowerShell 5.1 that writes a BOM, which python-dotenv reads into the first name.
      `rewrite it as UTF-8 without BOM: \`wa-hook doctor\` prints the command for your shell (PowerShell: [IO.File]::WriteAllText("$PWD\\.env", ` +
        `(Get-Content -Raw .env)))`,
    );
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

export const upCommand = parsedCommand(upOptions, up);
