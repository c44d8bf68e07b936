/**
 * `up`'s public side: supervise the tunnel (or take --public-url), and each time a public URL appears,
 * record it in state.json, copy the callback URL, self-test Meta's handshake through it and print what to
 * paste into Meta. It never throws after planning: a missing tunnel is reported and retried while the
 * local receiver keeps running.
 */
import type { Ctx } from '../../context.js';
import type { Output } from '../../ui/output-io.js';
import { writeState, type UpState } from '../../state/state-file-io.js';
import { copyToClipboard, preloadClipboard, type ClipboardOptions } from '../../platform/clipboard-io.js';
import { TunnelSupervisor, type SupervisorEvent } from '../../tunnels/supervisor-io.js';
import { preloadProbe, runSelfTest } from '../../tunnels/self-test-io.js';
import { createSpinner } from '../../ui/spinner-io.js';
import {
  renderAnnouncement,
  renderPasteBlock,
  renderSelfTest,
  renderTunnelFailure,
  renderTunnelGaveUp,
  renderTunnelWarning,
} from '../../ui/tunnel-view.js';
import { callbackUrlFor, type PublicSidePlan } from './plan.js';
import { cloudflaredMissingFailure } from '../../tunnels/cloudflared/output.js';

export interface PublicSideContext {
  ctx: Ctx;
  out: Output;
  /** Receiver port on 127.0.0.1 and callback path. */
  port: number;
  path: string;
  /** undefined in forward mode without a configured token: the self-test is then skipped. */
  verifyToken?: string;
  showToken: boolean;
  /** --no-clipboard → false, --clipboard → true, neither → undefined (decide from the terminal). */
  clipboard?: boolean;
  /** The state `up` wrote; the public fields are added to it. */
  state: UpState;
  /** Receives raw tunnel output lines (DEBUG=wa-hook). */
  onLine?: (line: string) => void;
  /** Called with each new callback URL that passed the self-test (`up --register` updates Meta with it). */
  onVerifiedUrl?: (callbackUrl: string) => Promise<void>;
  /** The tunnel's state in a few words, with the callback URL once there is one (the web inspector shows it). */
  onStatus?: (status: string, callbackUrl?: string) => void;
}

export interface PublicSide {
  /** Stops retries, the self-test and the tunnel process (graceful, then forced). */
  stop(): Promise<void>;
}

export async function startPublicSide(plan: PublicSidePlan, c: PublicSideContext): Promise<PublicSide> {
  if (plan.kind === 'none') return { stop: async () => {} };
  const { ctx, out } = c;
  const spinner = await createSpinner(ctx, out);
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, ctx.signal]);
  const provider = plan.kind === 'tunnel' ? plan.provider : 'public-url';
  let previousCallbackUrl: string | undefined;
  const status = (text: string, callbackUrl?: string) => c.onStatus?.(text, callbackUrl);
  // Announcements run one after another: a restart during a self-test waits for it to finish.
  let chain: Promise<void> = Promise.resolve();

  const clipboardOptions: ClipboardOptions = { env: ctx.env, enabled: c.clipboard, interactive: ctx.interactive };
  preloadClipboard(clipboardOptions);
  if (c.verifyToken !== undefined) preloadProbe();
  // loca.lt shows browsers a reminder page; any Bypass-Tunnel-Reminder header skips it (the page itself says so).
  const probeHeaders: Record<string, string> = provider === 'localtunnel' ? { 'Bypass-Tunnel-Reminder': '1' } : {};

  const announce = async (publicUrl: string, changed: boolean, restarted: boolean): Promise<void> => {
    if (signal.aborted) return;
    const callbackUrl = callbackUrlFor(publicUrl, c.path);
    await writeState(ctx.cwd, { ...c.state, publicUrl, callbackUrl, provider });
    // Copy and self-test in parallel: neither needs the other, and both sit between URL and "paste it".
    const copying = copyToClipboard(callbackUrl, clipboardOptions);
    const testing =
      c.verifyToken === undefined
        ? undefined
        : runSelfTest({
            callbackUrl,
            verifyToken: c.verifyToken,
            headers: probeHeaders,
            signal,
            checkWrongToken: c.state.forwardTo !== undefined,
          });
    const clipboard = await copying;
    spinner.clear();
    renderAnnouncement(out, { provider, publicUrl, callbackUrl, previousCallbackUrl, changed, restarted, clipboard });
    status(`${provider}: up${changed ? ' (URL changed: update Meta)' : ''}`, callbackUrl);
    previousCallbackUrl = callbackUrl;
    if (!testing) {
      renderSelfTest(out, callbackUrl, {
        skipped: 'your backend holds the verify token; set WHATSAPP_VERIFY_TOKEN so wa-hook can test it',
      });
    } else {
      spinner.start("self-test: sending Meta's verification request through the public URL…");
      const verdict = await testing;
      spinner.clear();
      if (signal.aborted) return;
      renderSelfTest(out, callbackUrl, verdict);
      status(`${provider}: up, self-test ${verdict.ok ? 'passed' : `failed (${verdict.cause})`}`, callbackUrl);
      // Meta runs the same handshake before saving a callback: registering a failing URL cannot work.
      if (verdict.ok && (!restarted || changed)) await c.onVerifiedUrl?.(callbackUrl);
    }
    if (!restarted || changed) {
      const quickTunnel = provider === 'cloudflared' && !(plan.kind === 'tunnel' && plan.tunnelName);
      renderPasteBlock(out, { callbackUrl, verifyToken: c.verifyToken, showToken: c.showToken, provider, quickTunnel });
    }
  };
  const enqueue = (publicUrl: string, changed: boolean, restarted: boolean) => {
    chain = chain
      .then(() => announce(publicUrl, changed, restarted))
      .catch((error: unknown) => out.warn(`could not announce the public URL: ${(error as Error).message}`));
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

  let lastFailureId: string | undefined;
  // Some warnings repeat per request (origin unreachable): say each at most once a minute.
  const warnedAt = new Map<string, number>();
  const onEvent = (event: SupervisorEvent) => {
    if (signal.aborted) return;
    if (event.type === 'starting') {
      status(`${provider}: starting`);
      spinner.start(
        event.attempt === 1 && !lastFailureId ? `opening a ${provider} tunnel…` : `retrying the ${provider} tunnel…`,
      );
    } else if (event.type === 'up') {
      lastFailureId = undefined;
      enqueue(event.url, event.changed, event.restarted);
    } else if (event.type === 'failed') {
      spinner.clear();
      renderTunnelFailure(
        out,
        event.failure,
        event.retryInMs,
        event.wasUp,
        !event.wasUp && event.failure.id === lastFailureId,
      );
      status(`${provider}: no public URL (${event.failure.message}); retrying`);
      lastFailureId = event.failure.id;
    } else if (event.type === 'gave-up') {
      spinner.clear();
      renderTunnelGaveUp(out, event.failure, event.attempts);
      status(`${provider}: no public URL (${event.failure.message}); stopped retrying`);
    } else if (Date.now() - (warnedAt.get(event.failure.id) ?? 0) > 60_000) {
      warnedAt.set(event.failure.id, Date.now());
      renderTunnelWarning(out, event.failure);
    }
  };
  // DEBUG=wa-hook shows the provider's own output, time-stamped (support requests, latency measurements).
  const debug = /(^|,)\s*(wa-hook|\*)\s*(,|$)/.test(ctx.env.DEBUG ?? '');
  const onLine =
    c.onLine ??
    (debug
      ? (line: string) => void ctx.stderr.write(`[${new Date().toISOString()} ${provider}] ${line}\n`)
      : undefined);
  if (plan.noCloudflared) {
    const missing = cloudflaredMissingFailure(process.platform);
    out.info(
      `${out.theme.dim('ℹ')} no cloudflared on PATH: using localtunnel (loca.lt). For a steadier tunnel, ${missing.hint.replace(/^install it/, 'install cloudflared').replace(/, or use .*$/, '')}`,
    );
  }
  const supervisor = new TunnelSupervisor({
    provider: plan.provider,
    tunnel: {
      port: c.port,
      env: ctx.env,
      tunnelName: plan.tunnelName,
      hostname: plan.hostname,
      subdomain: plan.subdomain,
      readyTimeoutMs: plan.readyTimeoutMs,
      onLine,
    },
    onEvent,
    signal,
  });
  supervisor.start();
  return {
    stop: async () => {
      controller.abort();
      spinner.clear();
      await supervisor.stop();
      await chain;
    },
  };
}
