/**
 * The session's public side: supervise the tunnel (or take --public-url), and each time a public URL appears,
 * copy the callback URL, self-test Meta's handshake through it and, with --register, point Meta at it. It
 * never throws after start: a missing tunnel is reported and retried while the local receiver keeps running.
 */
import { copyToClipboard, preloadClipboard, type ClipboardOptions } from '../platform/clipboard-io.js';
import { TunnelSupervisor, type SupervisorEvent } from '../tunnels/supervisor-io.js';
import { preloadProbe, runSelfTest } from '../tunnels/self-test-io.js';
import { callbackUrlFor, type PublicSidePlan } from './config.js';
import type { UpEvent } from './events.js';
import type { Registrar } from './register-io.js';
import { errorMessage } from '../errors-narrow.js';

export interface PublicSideOptions {
  env: NodeJS.ProcessEnv;
  /** Receiver port on 127.0.0.1 and callback path. */
  port: number;
  path: string;
  /** undefined in forward mode without a configured token: the self-test is then skipped. */
  verifyToken?: string;
  /** Forward mode: the self-test also checks that a wrong token is refused (the backend's own check). */
  checkWrongToken: boolean;
  /** Forward mode: the backend, named by the self-test's hints when it does not answer. */
  forwardTo?: string;
  clipboard: ClipboardOptions;
  emit: (event: UpEvent) => void;
  /** Called with each new callback URL that passed the self-test (`--register`). */
  register?: Registrar;
}

export interface PublicSide {
  /** Stops retries, the self-test and the tunnel process (graceful, then forced). */
  stop(): Promise<void>;
}

/** Some warnings repeat per request (origin unreachable): each is said at most once a minute. */
const WARNING_EVERY_MS = 60_000;

export function startPublicSide(plan: PublicSidePlan, o: PublicSideOptions): PublicSide {
  if (plan.kind === 'none') return { stop: async () => {} };
  const controller = new AbortController();
  const { signal } = controller;
  const provider = plan.kind === 'tunnel' ? plan.provider : 'public-url';
  const quickTunnel = provider === 'cloudflared' && !(plan.kind === 'tunnel' && plan.tunnelName);
  let previousCallbackUrl: string | undefined;
  // Announcements run one after another: a restart during a self-test waits for it to finish.
  let chain: Promise<void> = Promise.resolve();

  preloadClipboard(o.clipboard);
  if (o.verifyToken !== undefined) preloadProbe();
  // loca.lt shows browsers a reminder page; any Bypass-Tunnel-Reminder header skips it.
  const probeHeaders: Record<string, string> = provider === 'localtunnel' ? { 'Bypass-Tunnel-Reminder': '1' } : {};

  const announce = async (publicUrl: string, changed: boolean, restarted: boolean): Promise<void> => {
    if (signal.aborted) return;
    const callbackUrl = callbackUrlFor(publicUrl, o.path);
    // Copy and self-test in parallel: neither needs the other, and both sit between URL and "paste it".
    const copying = copyToClipboard(callbackUrl, o.clipboard);
    const testing =
      o.verifyToken === undefined
        ? undefined
        : runSelfTest({
            callbackUrl,
            verifyToken: o.verifyToken,
            headers: probeHeaders,
            signal,
            checkWrongToken: o.checkWrongToken,
            ...(o.forwardTo ? { forwardTo: o.forwardTo } : {}),
          });
    const clipboard = await copying;
    o.emit({
      type: 'tunnel',
      state: 'up',
      provider,
      publicUrl,
      callbackUrl,
      ...(previousCallbackUrl ? { previousCallbackUrl } : {}),
      changed,
      restarted,
      clipboard,
    });
    previousCallbackUrl = callbackUrl;
    const isNew = !restarted || changed;
    if (!testing) {
      o.emit({
        type: 'self-test',
        state: 'skipped',
        callbackUrl,
        reason: 'your backend holds the verify token; set WHATSAPP_VERIFY_TOKEN so wa-hook can test it',
      });
    } else {
      o.emit({ type: 'self-test', state: 'running', callbackUrl });
      const verdict = await testing;
      if (signal.aborted) return;
      o.emit({ type: 'self-test', state: 'done', callbackUrl, verdict });
      // Meta runs the same handshake before saving a callback: registering a failing URL cannot work.
      if (verdict.ok && isNew) await o.register?.(callbackUrl, signal);
    }
    if (isNew) o.emit({ type: 'callback-url', callbackUrl, provider, quickTunnel });
  };
  const enqueue = (publicUrl: string, changed: boolean, restarted: boolean) => {
    chain = chain
      .then(() => announce(publicUrl, changed, restarted))
      .catch((error: unknown) =>
        o.emit({
          type: 'warning',
          source: 'tunnel',
          message: `could not announce the public URL: ${errorMessage(error)}`,
        }),
      );
  };

  if (plan.kind === 'public-url') {
    enqueue(plan.url, false, false);
    return {
      stop: async () => {
        controller.abort();
        await chain;
      },
    };
  }

  const tunnelProvider = plan.provider;
  let lastFailureId: string | undefined;
  const warnedAt = new Map<string, number>();
  let firstStart = true;
  const onEvent = (event: SupervisorEvent) => {
    if (signal.aborted) return;
    if (event.type === 'starting') {
      o.emit({
        type: 'tunnel',
        state: 'starting',
        provider: tunnelProvider,
        attempt: event.attempt,
        retrying: !(event.attempt === 1 && !lastFailureId),
        noCloudflared: firstStart && Boolean(plan.noCloudflared),
      });
      firstStart = false;
    } else if (event.type === 'up') {
      lastFailureId = undefined;
      enqueue(event.url, event.changed, event.restarted);
    } else if (event.type === 'failed') {
      o.emit({
        type: 'tunnel',
        state: 'failed',
        provider: tunnelProvider,
        failure: event.failure,
        retryInMs: event.retryInMs,
        wasUp: event.wasUp,
        repeated: !event.wasUp && event.failure.id === lastFailureId,
      });
      lastFailureId = event.failure.id;
    } else if (event.type === 'gave-up') {
      o.emit({
        type: 'tunnel',
        state: 'gave-up',
        provider: tunnelProvider,
        failure: event.failure,
        attempts: event.attempts,
      });
    } else if (Date.now() - (warnedAt.get(event.failure.id) ?? 0) > WARNING_EVERY_MS) {
      warnedAt.set(event.failure.id, Date.now());
      o.emit({ type: 'tunnel', state: 'warning', provider: tunnelProvider, failure: event.failure });
    }
  };
  const supervisor = new TunnelSupervisor({
    provider: tunnelProvider,
    tunnel: {
      port: o.port,
      env: o.env,
      tunnelName: plan.tunnelName,
      hostname: plan.hostname,
      subdomain: plan.subdomain,
      readyTimeoutMs: plan.readyTimeoutMs,
      onLine: (line) => o.emit({ type: 'tunnel', state: 'output', provider: tunnelProvider, line }),
    },
    onEvent,
    signal,
  });
  supervisor.start();
  return {
    stop: async () => {
      controller.abort();
      await supervisor.stop();
      await chain;
    },
  };
}
