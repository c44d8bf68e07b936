/**
 * `up` as one session: it starts its parts — event log, receiver (or forwarder), echo bot, web inspector,
 * extra parts, then the public side (tunnel + self-test + registration) — and says everything that happens as
 * a typed event (events.ts). It renders nothing, reads no flags, installs no signal handler and never exits
 * the process: the `up` command and in-process callers (tests, `wa-hook test`) drive it the same way.
 *
 *   const session = createUpSession(config);
 *   session.on((event) => …);          // before start(): sees the warnings and `ready`
 *   await session.start();             // resolves once `ready` reached every subscriber
 *   await session.stop();              // resolves after `stopped`: every part closed, the port free
 */
import { randomUUID } from 'node:crypto';
import { loadProbeKey } from '../state/probe-key-io.js';
import { join } from 'node:path';
import { WaHookError } from '../errors.js';
import { secretShapeFindings } from '../doctor/startup-checks.js';
import { EventLog } from '../events/log/writer-io.js';
import { createForwarder, type Forwarder } from '../forward/relay-io.js';
import { startReceiver, type Receiver } from '../receiver/server-io.js';
import { secretFingerprint } from '../verification/signature.js';
import { judgeAckTime } from '../events/ack-time.js';
import { loadSessionToken, noteTokenInUse, TOKEN_IN_USE_FILE } from '../state/session-token-io.js';
import { tokenChangeNotice } from '../state/up-token.js';
import { stateDir } from '../state/state-file-io.js';
import type { UpSessionConfig } from './config.js';
import { EventBus } from './event-bus.js';
import type { ReadyEvent, UpEvent, UpListener } from './events.js';
import { startEchoPart } from './echo-part-io.js';
import { startInspectorPart } from './inspector-part-io.js';
import type { LocalMeta } from '../local-meta/local-meta-io.js';
import { startPublicSide, type PublicSide } from './public-side-io.js';
import { createRegistrar, registerRefusal, type Registrar } from './register-io.js';
import { errorCode, errorMessage } from '../errors-narrow.js';

/** What an extra part (e.g. `--local`'s stand-in of Meta) gets from the session it runs in. */
export interface UpPartHost {
  config: UpSessionConfig;
  /** The receiver: local callback URL and port. */
  receiverUrl: string;
  port: number;
  /** The session's event log: parts record through it, so events.jsonl has one writer (and one rotation). */
  log: EventLog;
  emit(event: UpEvent): void;
  on(listener: UpListener): () => void;
}

/** Started after the receiver and before `ready`; closed (in reverse order) before the receiver. */
export type UpPart = (host: UpPartHost) => Promise<{ close(): Promise<void> }>;

export interface UpSessionDeps {
  /** Subscribers from the very start, in delivery order (same as calling on() before start()). */
  listeners?: UpListener[];
  parts?: UpPart[];
  /** `up --local`: the inspector's Phone view drives this local WhatsApp. */
  localMeta?: LocalMeta;
  now?: () => number;
}

export interface UpSession {
  /** The `ready` event, once start() resolved. */
  readonly ready: ReadyEvent | undefined;
  on(listener: UpListener): () => void;
  /** Starts every part; rejects (everything already closed) when one cannot start, e.g. the port is taken. */
  start(): Promise<ReadyEvent>;
  /** Stops every part; idempotent; resolves after `stopped` reached every subscriber. */
  stop(): Promise<void>;
}

/** Every file the session keeps in `.wa-hook/` besides state.json (owned by state-file-io.ts) and up.lock. */
export const SESSION_FILES = ['verify-token', TOKEN_IN_USE_FILE, 'events.jsonl'];

export function listenError(error: unknown, port: number): WaHookError {
  const code = errorCode(error);
  if (code === 'EADDRINUSE') {
    return new WaHookError(`port ${port} on 127.0.0.1 is already in use`, {
      hint:
        `is your bot backend on it? use \`wa-hook up --forward-to ` +
        `http://127.0.0.1:${port}/your/path\`, or pick another port with --port (0 = any free one)`,
      cause: error,
    });
  }
  return new WaHookError(`cannot listen on 127.0.0.1:${port}: ${code ?? errorMessage(error)}`, { cause: error });
}

function tokenSourceOf(config: UpSessionConfig): ReadyEvent['verifyTokenSource'] {
  if (config.loaded.values.verifyToken === undefined) return 'generated';
  const source = config.loaded.sources.verifyToken;
  return source === 'flag' || source === 'env' ? source : 'dotenv';
}

export function createUpSession(config: UpSessionConfig, deps: UpSessionDeps = {}): UpSession {
  const now = deps.now ?? Date.now;
  let started = false;
  let startError: Error | undefined;
  const bus = new EventBus<UpEvent>((error, event) => {
    if (!started) {
      startError ??= error instanceof Error ? error : new Error(String(error));
      return;
    }
    // A subscriber that failed on a warning would fail again on its own warning.
    if (event.type !== 'warning') bus.emit({ type: 'warning', source: 'session', message: errorMessage(error) });
  });
  for (const listener of deps.listeners ?? []) bus.on(listener);
  const emit = (event: UpEvent) => bus.emit(event);
  /** What has started, closed in reverse order by stop(). */
  const closers: Array<() => Promise<void> | void> = [];
  let publicSide: PublicSide | undefined;
  let ready: ReadyEvent | undefined;
  let stopping: Promise<void> | undefined;

  const warnConfig = () => {
    const { loaded } = config;
    // The same secret-shape findings doctor gives, said before anything is pasted into Meta's dashboard.
    const shapes = secretShapeFindings(
      {
        values: loaded.values,
        sources: loaded.sources,
        envFile: { path: loaded.dotenv.path, found: loaded.dotenv.found },
        port: loaded.port,
        path: loaded.path,
      },
      now(),
    );
    for (const f of shapes)
      emit({ type: 'warning', source: 'config', message: `${f.title}: ${f.finding}`, hint: f.fix });
  };

  const registrarFor = (verifyToken: string | undefined): Registrar | undefined => {
    if (!config.register) return undefined;
    const refusal = registerRefusal({
      values: config.loaded.values,
      verifyToken,
      hasPublicSide: config.publicSide.kind !== 'none',
    });
    if (refusal || verifyToken === undefined) {
      if (refusal) emit({ type: 'warning', source: 'register', ...refusal });
      return undefined;
    }
    return createRegistrar({ values: config.loaded.values, env: config.env, verifyToken, emit });
  };

  const startParts = async (): Promise<ReadyEvent> => {
    const { values } = config.loaded;
    warnConfig();
    const configuredToken = values.verifyToken;
    // In forward mode the backend answers the handshake with its own token: none is invented for it.
    const verifyToken = configuredToken ?? (config.forward ? undefined : (await loadSessionToken(config.cwd)).token);
    // One token life: a token other than the one the last `up` answered with is said loudly, before anything starts.
    if (verifyToken !== undefined) {
      const previous = await noteTokenInUse(config.cwd, verifyToken);
      const change = tokenChangeNotice(previous, verifyToken, tokenSourceOf(config));
      if (change) emit({ type: 'warning', source: 'config', message: change.message, hint: change.hint });
    }
    const register = registrarFor(verifyToken);
    const plan = config.publicSide;
    let forwarder: Forwarder | undefined;
    if (config.forward)
      forwarder = await createForwarder(config.forward.target, {
        appSecret: values.appSecret,
        trustCloudflared: plan.kind === 'tunnel' && plan.provider === 'cloudflared',
      });
    const log = await EventLog.open(join(stateDir(config.cwd), 'events.jsonl'), {
      ...config.log,
      // A rotation moves records: a user looking for them must know where.
      onNotice: (text) => emit({ type: 'warning', source: 'event-log', message: text }),
    }).catch((error: unknown) => {
      forwarder?.close();
      throw error;
    });
    const instanceId = randomUUID();
    // Marks wa-hook's own probes (self-test, inspector, the other commands in this folder) as ours: events/probe.ts.
    const probeKey = await loadProbeKey(config.cwd, true).catch((error: unknown) => {
      forwarder?.close();
      void log.close();
      throw error;
    });
    let receiver: Receiver;
    try {
      receiver = await startReceiver({
        port: config.port,
        path: config.path,
        instanceId,
        probeKey,
        verifyToken: verifyToken ?? '',
        forwarder,
        forwardSubpaths: Boolean(config.forward?.subpaths),
        appSecret: values.appSecret,
        log,
        onRecord: (record, details) => {
          // Only a forwarded answer takes time worth judging: the bundled receiver acknowledges at once.
          const slowAck =
            record.forward?.status !== undefined ? judgeAckTime(record.forward.ms, config.slowAckMs) : undefined;
          emit({
            type: 'request',
            record,
            payload: details.payload,
            hint: details.hint,
            ...(slowAck ? { slowAck } : {}),
          });
        },
      });
    } catch (error) {
      await log.close();
      forwarder?.close();
      throw listenError(error, config.port);
    }
    closers.push(
      () => log.close(),
      () => receiver.close(),
    );

    const echo = config.echo ? await startEchoPart(config, emit) : undefined;
    if (echo) {
      bus.on(echo.listener);
      closers.push(() => echo.bot.close());
    }
    let inspectorUrl: string | undefined;
    if (config.inspectPort !== undefined) {
      const part = await startInspectorPart(config, config.inspectPort, {
        receiverUrl: receiver.url,
        logPath: log.path,
        verifyToken,
        echo: echo !== undefined,
        ...(deps.localMeta ? { phone: { meta: deps.localMeta, cwd: config.cwd } } : {}),
      });
      bus.on(part.listener);
      closers.push(() => part.inspector.close());
      inspectorUrl = part.inspector.url;
      if (part.inspector.busyPort !== undefined)
        emit({
          type: 'warning',
          source: 'inspector',
          message: `port ${part.inspector.busyPort} is not available: the inspector uses ${part.inspector.port} instead`,
        });
    }
    const host: UpPartHost = {
      config,
      receiverUrl: receiver.url,
      port: receiver.port,
      log,
      emit,
      on: (listener) => bus.on(listener),
    };
    for (const part of deps.parts ?? []) {
      const running = await part(host);
      closers.push(() => running.close());
    }

    const readyEvent: ReadyEvent = {
      type: 'ready',
      pid: process.pid,
      instanceId,
      startedAt: new Date(now()).toISOString(),
      localUrl: receiver.url,
      port: receiver.port,
      path: config.path,
      ...(config.forward ? { forwardTo: config.forward.target.href } : {}),
      forwardSubpaths: Boolean(config.forward?.subpaths),
      ...(verifyToken !== undefined ? { verifyToken, verifyTokenSource: tokenSourceOf(config) } : {}),
      ...(values.appSecret !== undefined ? { appSecretFingerprint: secretFingerprint(values.appSecret) } : {}),
      eventLog: log.path,
      ...(inspectorUrl ? { inspectorUrl } : {}),
      ...(echo ? { echo: echo.ready } : {}),
      publicSide: plan.kind,
    };
    emit(readyEvent);
    await bus.drained();
    if (startError !== undefined) throw startError;
    started = true;

    publicSide = startPublicSide(plan, {
      env: config.env,
      port: receiver.port,
      path: config.path,
      verifyToken,
      checkWrongToken: config.forward !== undefined,
      ...(config.forward ? { forwardTo: config.forward.target.href } : {}),
      clipboard: { env: config.env, enabled: config.clipboard, interactive: config.interactive },
      emit,
      register,
    });
    return readyEvent;
  };

  const close = async (): Promise<void> => {
    started = true; // failures of subscribers from here on are warnings
    emit({ type: 'stopping' });
    // First, synchronously: a tunnel child that exits on the same Ctrl-C is no reason to restart it.
    await publicSide?.stop();
    for (const closer of closers.reverse()) await closer();
    emit({ type: 'stopped' });
    await bus.drained();
  };

  return {
    get ready() {
      return ready;
    },
    on: (listener) => bus.on(listener),
    async start() {
      if (ready || stopping) throw new Error('an up session starts once');
      try {
        ready = await startParts();
        return ready;
      } catch (error) {
        // What did start is closed; a session that never listened says nothing more.
        if (closers.length > 0) await (stopping ??= close());
        throw error;
      }
    },
    stop: () => (stopping ??= close()),
  };
}
