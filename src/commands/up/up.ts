import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Ctx } from '../../context.js';
import { UsageError, WaHookError } from '../../errors.js';
import { loadSessionToken } from '../../state/session-token-io.js';
import { ensureStateDir } from '../../state/state-dir-io.js';
import { secretFingerprint } from '../../samples/signature.js';
import { secretShapeFindings } from '../../doctor/startup-checks.js';
import { startReceiver, type Receiver } from '../../receiver/server-io.js';
import { EventLog } from '../../events/log-writer-io.js';
import { logSettings } from '../../events/log-options.js';
import { createForwarder, type Forwarder } from '../../forward/relay-io.js';
import { removeState, stateDir, writeState, type UpState } from '../../state/state-file-io.js';
import { createOutput } from '../../ui/output-io.js';
import { coalesceStreams } from '../../ui/coalesced-streams-io.js';
import { renderReady } from '../../ui/up-view.js';
import { createLiveView } from '../../ui/live-view.js';
import { loadConfig, type CommonOptions, type LoadedConfig } from '../common.js';
import { checkExisting, ensureSafeDir } from '../../state/safe-files-io.js';
import { acquireUpLock } from '../../state/up-lock-io.js';
import { checkUpFlags } from './flags.js';
import { planPublicSide } from './plan.js';
import { startPublicSide, type PublicSide } from './public-side.js';
import { defaultProvider } from '../../tunnels/registry-io.js';
import { createRegistrar } from './register.js';
import { inspectPortOf, startUpAddons, type AddonOptions, type UpAddons } from './addons.js';
import {
  checkLocalFlags,
  graphPortOf,
  LOCAL_GRAPH_VERSION,
  LOCAL_META_FILE,
  localIdentity,
  startLocalSide,
  withLocalIdentity,
  type LocalIdentity,
  type LocalSide,
} from './local.js';

export interface UpOptions extends CommonOptions, AddonOptions {
  tunnel?: 'cloudflared' | 'localtunnel' | 'none';
  forwardTo?: string;
  /** Forward every method on every path under the callback path, not just GET/POST to it. */
  forwardSubpaths?: boolean;
  publicUrl?: string;
  showToken?: boolean;
  clipboard?: boolean;
  tunnelName?: string;
  hostname?: string;
  subdomain?: string;
  register?: boolean;
  /** Local WhatsApp: Meta's Graph API send side on 127.0.0.1, no tunnel. */
  local?: boolean;
  graphPort?: string;
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

function parseForwardTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--forward-to is not a URL: ${raw}`, {
      hint: 'give the full URL of your webhook route, e.g. http://127.0.0.1:8000/api/v1/webhooks/whatsapp',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--forward-to must be http:// or https://, got ${url.protocol}`);
  return url;
}

/** Every file `up` keeps in `.wa-hook/`: checked (no links, ours) before anything starts. */
const STATE_FILES = ['up.lock', 'state.json', 'verify-token', 'events.jsonl', LOCAL_META_FILE, 'templates.json'];

function tokenSourceOf(config: LoadedConfig, configured: string | undefined): UpState['verifyTokenSource'] {
  if (configured === undefined) return 'generated';
  const source = config.sources.verifyToken;
  return source === 'flag' || source === 'env' ? source : 'dotenv';
}

/** `wa-hook up`: runs the receiver until Ctrl-C / SIGTERM, then cleans up and returns (exit 0). */
export async function up(givenOpts: UpOptions, given: Ctx): Promise<void> {
  const ctx = stopOnClosedOutput(given);
  let opts = givenOpts;
  let config = await loadConfig(opts, ctx);
  reportEnvFile(createOutput(ctx, Boolean(opts.json)), config);
  inspectPortOf(opts);
  if (opts.local) {
    checkLocalFlags(opts);
    graphPortOf(opts.graphPort);
    opts = { ...opts, tunnel: 'none' };
  } else checkUpFlags(opts, config);
  // `.wa-hook/` must be a real folder of ours before anything is read or written in it (no planted links).
  await ensureSafeDir(stateDir(ctx.cwd));
  for (const name of STATE_FILES) await checkExisting(join(stateDir(ctx.cwd), name));
  // It holds customers' messages and the verify token: git-ignored from the moment it exists.
  await ensureStateDir(ctx.cwd);
  let local: LocalIdentity | undefined;
  if (opts.local) {
    // Configured ids and secrets win (the bot's .env stays as it is); the rest is generated once and kept.
    local = await localIdentity(config, ctx.cwd);
    config = withLocalIdentity(config, local);
    checkUpFlags(opts, config);
  }
  const lock = await acquireUpLock(ctx.cwd);
  try {
    await runUp(opts, ctx, config, local);
  } finally {
    await lock.release();
  }
}

async function runUp(opts: UpOptions, ctx: Ctx, config: LoadedConfig, local?: LocalIdentity): Promise<void> {
  const out = createOutput(ctx, Boolean(opts.json));
  // Flag mistakes about the public side are usage errors (exit 2) before anything starts.
  const plan = await planPublicSide(opts, ctx, () => defaultProvider(ctx.env));
  const configuredToken = config.values.verifyToken;
  // In forward mode the backend answers the handshake with its own token: none is invented for it.
  const verifyToken = configuredToken ?? (opts.forwardTo ? undefined : (await loadSessionToken(ctx.cwd)).token);
  let forwarder: Forwarder | undefined;
  let port = config.port;
  let path = config.path;
  if (opts.forwardTo) {
    const target = parseForwardTarget(opts.forwardTo);
    forwarder = await createForwarder(target, {
      appSecret: config.values.appSecret,
      trustCloudflared: plan.kind === 'tunnel' && plan.provider === 'cloudflared',
    });
    // The backend usually holds PORT already (often 8000): only an explicit --port pins ours.
    if (config.sources.port !== 'flag') port = 0;
    // The public callback mirrors the backend's route unless a path was set on purpose.
    if (config.sources.path === 'default' && target.pathname !== '/') path = target.pathname;
  }

  // A line per request: those writes are batched per event-loop turn instead of one syscall each.
  const recordStreams = coalesceStreams(ctx.stdout, ctx.stderr);
  const recordOut = createOutput(
    { ...ctx, stdout: recordStreams.stdout, stderr: recordStreams.stderr },
    Boolean(opts.json),
  );
  const liveView = createLiveView(recordOut);
  const log = await EventLog.open(join(stateDir(ctx.cwd), 'events.jsonl'), {
    ...logSettings(ctx.env),
    // On stderr with --json too: a rotation moves records, a user looking for them must know where.
    onNotice: (text) => out.warn(text),
  });
  const instanceId = randomUUID();
  let receiver: Receiver;
  let addons: UpAddons | undefined;
  let localSide: LocalSide | undefined;
  try {
    receiver = await startReceiver({
      port,
      path,
      instanceId,
      verifyToken: verifyToken ?? '',
      forwarder,
      forwardSubpaths: Boolean(opts.forwardSubpaths),
      appSecret: config.values.appSecret,
      log,
      onRecord: (record, details) => {
        liveView.record(record, details);
        localSide?.observe(record, details.payload);
        addons?.onRecord(record, details);
      },
    });
  } catch (error) {
    await log.close();
    forwarder?.close();
    throw listenError(error, port);
  }

  let publicSide: PublicSide | undefined;
  try {
    if (local) {
      localSide = await startLocalSide({
        cwd: ctx.cwd,
        graphPort: graphPortOf(opts.graphPort),
        receiverUrl: receiver.url,
        id: local,
        log,
        onGraphRecord: (record) => {
          liveView.record(record, {});
          addons?.onRecord(record, {});
        },
        onWarn: (text) => out.warn(text),
      });
      // The echo bot (and anything else in this process) calls local WhatsApp, not graph.facebook.com.
      config = {
        ...config,
        values: { ...config.values, graphUrl: `${localSide.meta.graphUrl}/${LOCAL_GRAPH_VERSION}` },
      };
    }
    addons = await startUpAddons({
      opts,
      ctx,
      out,
      config,
      receiverUrl: receiver.url,
      logPath: log.path,
      verifyToken,
      forwardTo: forwarder?.target.href,
      ...(localSide ? { localMeta: localSide.meta } : {}),
    });
    const state = {
      pid: process.pid,
      instanceId,
      startedAt: new Date().toISOString(),
      localUrl: receiver.url,
      path,
      port: receiver.port,
      ...(forwarder ? { forwardTo: forwarder.target.href } : {}),
      ...(configuredToken === undefined && verifyToken ? { sessionVerifyToken: verifyToken } : {}),
      ...(verifyToken ? { verifyToken, verifyTokenSource: tokenSourceOf(config, configuredToken) } : {}),
      ...(config.values.appSecret ? { appSecretFingerprint: secretFingerprint(config.values.appSecret) } : {}),
      ...(addons.inspectorUrl ? { inspectorUrl: addons.inspectorUrl } : {}),
      ...(localSide ? { localGraphUrl: localSide.meta.graphUrl, localControlToken: localSide.meta.controlToken } : {}),
    };
    await writeState(ctx.cwd, state);
    renderReady(out, {
      localUrl: receiver.url,
      port: receiver.port,
      path,
      forwardTo: forwarder?.target.href,
      forwardSubpaths: Boolean(opts.forwardSubpaths),
      verifyToken,
      verifyTokenGenerated: configuredToken === undefined && verifyToken !== undefined,
      showToken: Boolean(opts.showToken),
      appSecretSet: config.values.appSecret !== undefined,
      eventLog: log.path,
      inspectorUrl: addons.inspectorUrl,
      echo: addons.echo,
      ...(localSide && local
        ? {
            local: {
              graphUrl: localSide.meta.graphUrl,
              version: LOCAL_GRAPH_VERSION,
              phoneNumberId: local.phoneNumberId,
              wabaId: local.wabaId,
              businessNumber: local.businessNumber,
              accessToken: local.accessToken,
              appSecret: local.appSecret,
              generated: {
                accessToken: generatedLocally(config, 'accessToken'),
                appSecret: generatedLocally(config, 'appSecret'),
              },
            },
          }
        : {}),
    });
    // The same secret-shape findings doctor gives, said before anything is pasted into Meta's dashboard.
    const shapes = secretShapeFindings(
      {
        values: config.values,
        sources: config.sources,
        envFile: { path: config.dotenv.path, found: config.dotenv.found },
        port: config.port,
        path: config.path,
      },
      Date.now(),
    );
    for (const finding of shapes) out.warn(`${finding.title}: ${finding.finding}`, finding.fix);
    const onVerifiedUrl = createRegistrar({
      enabled: Boolean(opts.register),
      config,
      ctx,
      out,
      verifyToken,
      hasPublicSide: plan.kind !== 'none',
    });
    publicSide = await startPublicSide(plan, {
      ctx,
      out,
      port: receiver.port,
      path,
      verifyToken,
      showToken: Boolean(opts.showToken),
      clipboard: opts.clipboard,
      state,
      onVerifiedUrl,
      onStatus: (status, url) => addons?.setTunnel(status, url),
    });
    out.info(out.theme.dim('Waiting for events (Ctrl-C to stop)…'));
    await waitForAbort(ctx.signal);
  } finally {
    out.info('Stopping…');
    await publicSide?.stop();
    await addons?.close();
    await localSide?.close();
    await receiver.close();
    await log.close();
    await removeState(ctx.cwd);
    liveView.close();
    recordStreams.flush();
    out.data({ type: 'stopped' });
    out.info('Stopped.');
  }
}

/**
 * `wa-hook up | head -1`, or a `jq` that died: the reader of our output is gone. Stop as after Ctrl-C (tunnel
 * stopped, state.json removed) instead of dying on an unhandled EPIPE with the state file left behind.
 */
function stopOnClosedOutput(ctx: Ctx): Ctx {
  const closed = new AbortController();
  const onError = (error: NodeJS.ErrnoException) => {
    if (closed.signal.aborted) return;
    closed.abort(error);
    // stderr may still be open (only stdout was piped): say why we stop; a second failure is ignored.
    if (error.code === 'EPIPE' && ctx.stderr.writable) ctx.stderr.write('wa-hook up: output closed, stopping\n');
  };
  // Never removed: a write still queued when up returns must not crash the process either.
  ctx.stdout.on('error', onError);
  ctx.stderr.on('error', onError);
  return { ...ctx, signal: AbortSignal.any([ctx.signal, closed.signal]) };
}

/** A .env that is not plain UTF-8 (PowerShell 5.1 writes UTF-16) or holds no keys is worth a line. */
function reportEnvFile(out: ReturnType<typeof createOutput>, config: Awaited<ReturnType<typeof loadConfig>>): void {
  const file = config.dotenv;
  if (!file.found) return;
  if (Object.keys(file.values).length === 0)
    out.warn(
      `${file.path} has no KEY=value lines (${file.encodingLabel ?? 'unknown encoding'})`,
      'see `wa-hook doctor`',
    );
  else if (file.encoding === 'utf8-bom') out.info(`read ${file.path} as ${file.encodingLabel}`);
  else if (file.encoding !== 'utf8')
    // wa-hook copes; Node's --env-file, python-dotenv and docker compose read only UTF-8.
    out.warn(
      `read ${file.path} as ${file.encodingLabel ?? file.encoding}: other tools read only UTF-8`,
      'convert it in PowerShell: (Get-Content .env) | Set-Content -Encoding utf8 .env',
    );
}

/** True when the value came from wa-hook's generated local identity (no flag, env or .env set it). */
function generatedLocally(config: LoadedConfig, key: 'accessToken' | 'appSecret'): boolean {
  return config.sources[key] === undefined || config.sources[key] === 'default';
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
