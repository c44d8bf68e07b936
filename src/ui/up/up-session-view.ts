/**
 * The one renderer of an `up` session: its events (session/events.ts) become the terminal's lines, or the
 * NDJSON lines of `--json` (ready, tunnel, verify, event, register, echo, error, stopped).
 */
import { cloudflaredMissingFailure } from '../../tunnels/cloudflared/output.js';
import type { ReadyEvent, UpEvent } from '../../session/events.js';
import type { LiveView } from './live-view.js';
import type { Output } from '../output-io.js';
import type { Spinner } from '../spinner-io.js';
import {
  renderAnnouncement,
  renderPasteBlock,
  renderSelfTest,
  renderTunnelFailure,
  renderTunnelGaveUp,
  renderTunnelWarning,
} from './tunnel-view.js';
import { renderEcho } from './echo-view.js';
import { renderReady } from './up-view.js';

export interface UpSessionViewOptions {
  out: Output;
  /** The line per request, within the live budget. */
  live: LiveView;
  spinner: Spinner;
  /** --show-token: the verify token in full. */
  showToken: boolean;
  /** Writes what was held back for batching (the request lines) before the last line. */
  flush?: () => void;
  /** DEBUG=wa-hook: the tunnel program's own lines. */
  tunnelOutput?: (provider: string, line: string) => void;
  /** The OS the cloudflared install hint is for. */
  platform?: NodeJS.Platform;
}

export function createUpSessionView(o: UpSessionViewOptions): (event: UpEvent) => void {
  const { out, spinner } = o;
  let ready: ReadyEvent | undefined;
  return (event) => {
    switch (event.type) {
      case 'request':
        o.live.record(event.record, event);
        return;
      case 'warning':
        out.warn(event.message, event.hint);
        return;
      case 'ready':
        ready = event;
        renderReady(out, {
          pid: event.pid,
          localUrl: event.localUrl,
          port: event.port,
          path: event.path,
          forwardTo: event.forwardTo,
          forwardSubpaths: event.forwardSubpaths,
          verifyToken: event.verifyToken,
          verifyTokenGenerated: event.verifyTokenSource === 'generated',
          showToken: o.showToken,
          appSecretSet: event.appSecretFingerprint !== undefined,
          eventLog: event.eventLog,
          inspectorUrl: event.inspectorUrl,
          echo: event.echo
            ? `replies to texts as phone number ${event.echo.phoneNumberId} (token ${event.echo.maskedToken})`
            : undefined,
        });
        out.info(out.theme.dim('Waiting for events (Ctrl-C to stop)…'));
        return;
      case 'tunnel':
        if (event.state === 'output') {
          o.tunnelOutput?.(event.provider, event.line);
          return;
        }
        if (event.state === 'starting') {
          if (event.noCloudflared) {
            const missing = cloudflaredMissingFailure(o.platform ?? process.platform);
            out.info(
              `${out.theme.dim('ℹ')} no cloudflared on PATH: using localtunnel (loca.lt). For a steadier ` +
                `tunnel, ${missing.hint.replace(/^install it/, 'install cloudflared').replace(/, or use .*$/, '')}`,
            );
          }
          spinner.start(
            event.retrying ? `retrying the ${event.provider} tunnel…` : `opening a ${event.provider} tunnel…`,
          );
          return;
        }
        if (event.state === 'warning') {
          renderTunnelWarning(out, event.failure);
          return;
        }
        spinner.clear();
        if (event.state === 'up') renderAnnouncement(out, event);
        else if (event.state === 'failed')
          renderTunnelFailure(out, event.failure, event.retryInMs, event.wasUp, event.repeated);
        else renderTunnelGaveUp(out, event.failure, event.attempts);
        return;
      case 'self-test':
        if (event.state === 'running') {
          spinner.start("self-test: sending Meta's verification request through the public URL…");
          return;
        }
        spinner.clear();
        renderSelfTest(out, event.callbackUrl, event.state === 'done' ? event.verdict : { skipped: event.reason });
        return;
      case 'callback-url':
        renderPasteBlock(out, {
          callbackUrl: event.callbackUrl,
          verifyToken: ready?.verifyToken,
          showToken: o.showToken,
          provider: event.provider,
          quickTunnel: event.quickTunnel,
        });
        return;
      case 'register':
        out.data(event);
        for (const [result, what] of [
          [event.subscribedApp, 'subscribe the app to the WABA'],
          [event.webhook, 'register the callback URL'],
        ] as const) {
          if (result === undefined) continue;
          if (result.ok) out.ok(`Meta: ${result.detail}`);
          else out.warn(`Meta: could not ${what}: ${result.error}`, 'run `wa-hook doctor` for the details');
        }
        return;
      case 'echo':
        renderEcho(out, event);
        return;
      case 'stopping':
        spinner.clear();
        out.info('Stopping…');
        return;
      case 'stopped':
        o.live.close();
        o.flush?.();
        out.data({ type: 'stopped' });
        out.info('Stopped.');
        return;
      default:
        // graph-call and kinds added later: no line yet.
        return;
    }
  };
}
