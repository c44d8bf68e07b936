/** How `up` talks about its public side: the announcement, the copy-paste block, failures, URL changes. */
import { maskSecret } from '../../config/redact.js';
import type { SelfTestVerdict } from '../../tunnels/self-test-io.js';
import type { TunnelFailure } from '../../tunnels/failure.js';
import type { Output } from '../output-io.js';
import type { UpEvent } from '../../session/events.js';

/** The session's `tunnel` event of state `up`: what the announcement says. */
export type Announcement = Extract<UpEvent, { type: 'tunnel'; state: 'up' }>;

export function renderAnnouncement(out: Output, a: Announcement): void {
  const clipboard = {
    clipboard: a.clipboard.status,
    ...(a.clipboard.reason ? { clipboardReason: a.clipboard.reason } : {}),
  };
  const fields = { publicUrl: a.publicUrl, callbackUrl: a.callbackUrl, provider: a.provider, ...clipboard };
  if (a.restarted)
    out.data({
      type: 'tunnel-restarted',
      ...fields,
      changed: a.changed,
      ...(a.previousCallbackUrl ? { previousCallbackUrl: a.previousCallbackUrl } : {}),
    });
  else out.data({ type: 'tunnel', ...fields });

  const t = out.theme;
  if (a.changed) {
    // Shown in --json mode too (stderr): a stale URL in Meta silently loses every event.
    out.warn(
      `the public URL CHANGED: ${a.callbackUrl}`,
      `update the Callback URL in Meta's dashboard (it was ${a.previousCallbackUrl}) and press "Verify and save" again`,
    );
  } else if (a.restarted) {
    out.ok(`tunnel restarted (${a.provider}); the URL is unchanged`);
  } else {
    out.ok(`public URL ready (${a.provider}): ${t.bold(a.publicUrl)}`);
  }
  if (a.clipboard.status === 'copied') out.ok('callback URL copied to the clipboard');
  else if (a.clipboard.status === 'failed')
    out.warn(`could not copy to the clipboard: ${a.clipboard.reason}`, 'copy the callback URL below by hand');
  else out.info(t.dim(`  clipboard: skipped — ${a.clipboard.reason}`));
}

export function renderSelfTest(
  out: Output,
  callbackUrl: string,
  verdict: (SelfTestVerdict & { attempts: number }) | { skipped: string },
): void {
  if ('skipped' in verdict) {
    out.data({ type: 'verify', ok: null, skipped: true, reason: verdict.skipped, url: callbackUrl });
    out.info(out.theme.dim(`  self-test: skipped — ${verdict.skipped}`));
    return;
  }
  out.data({
    type: 'verify',
    ok: verdict.ok,
    cause: verdict.cause,
    message: verdict.message,
    hint: verdict.hint,
    status: verdict.status,
    ms: verdict.ms,
    attempts: verdict.attempts,
    warnings: verdict.warnings,
    url: callbackUrl,
  });
  if (verdict.ok) out.ok(`self-test passed through the public URL: ${verdict.message}`);
  else out.fail(`self-test through the public URL failed: ${verdict.message}`, verdict.hint);
  // Loopback/private-address notes only concern `verify` against local URLs; a tunnel URL is public.
  for (const w of verdict.warnings.filter((f) => f.cause !== 'private-address')) out.warn(w.message, w.hint);
}

export interface PasteBlock {
  callbackUrl: string;
  verifyToken?: string;
  showToken: boolean;
  provider: string;
  quickTunnel: boolean;
}

/** What to paste where in Meta's dashboard, printed after the self-test so the user pastes a URL that works. */
export function renderPasteBlock(out: Output, b: PasteBlock): void {
  if (out.json) return;
  const t = out.theme;
  const token =
    b.verifyToken === undefined
      ? "your backend's verify token"
      : b.showToken
        ? b.verifyToken
        : `${maskSecret(b.verifyToken)} ${t.dim('(--show-token to print it)')}`;
  out.info('');
  out.info(t.bold('  Paste into Meta: your app → WhatsApp → Configuration → Webhook → Edit'));
  out.info(`    Callback URL:`);
  // Alone on its line so it can be selected and copied by hand when the clipboard is unavailable.
  out.info(`    ${b.callbackUrl}`);
  out.info(`    Verify token:  ${token}`);
  out.info(`  then "Verify and save", and under Webhook fields subscribe to ${t.bold('messages')}.`);
  if (b.provider === 'localtunnel') {
    out.info(
      t.dim(
        "  loca.lt may show browsers a reminder page; Meta's servers are not browsers and pass. The URL changes on each start.",
      ),
    );
  } else if (b.quickTunnel) {
    out.info(
      t.dim('  A quick-tunnel URL changes every time `wa-hook up` starts: for a permanent one use a named tunnel'),
    );
    out.info(t.dim('  (--tunnel-name NAME --hostname HOST) or --public-url (see the README).'));
  }
  out.info('');
}

/** The --json line of a tunnel failure: what failed and its hint, then what the supervisor does about it. */
function tunnelErrorData(failure: TunnelFailure, next: { retryInMs: number; wasUp: boolean } | { gaveUp: true }) {
  return { type: 'error', source: 'tunnel', id: failure.id, message: failure.message, hint: failure.hint, ...next };
}

/** One line why there is no public URL (yet), with the hint and the retry delay. */
export function renderTunnelFailure(
  out: Output,
  failure: TunnelFailure,
  retryInMs: number,
  wasUp: boolean,
  repeated: boolean,
): void {
  const retry = `${wasUp ? 'restarting' : 'retrying'} in ${Math.round(retryInMs / 1000)} s`;
  out.data(tunnelErrorData(failure, { retryInMs, wasUp }));
  if (repeated) {
    out.info(out.theme.dim(`  still no public URL (${failure.id}); ${retry}`));
    return;
  }
  const prefix = wasUp ? 'the tunnel went down' : 'no public URL yet';
  out.fail(`${prefix}: ${failure.message}`, `${failure.hint} · the local receiver keeps running; ${retry}`);
}

/** The supervisor stopped retrying: one line that says so and what to do, then silence. */
export function renderTunnelGaveUp(out: Output, failure: TunnelFailure, attempts: number): void {
  out.data(tunnelErrorData(failure, { gaveUp: true }));
  out.fail(
    `stopped retrying after ${attempts} attempts: ${failure.message}`,
    `${failure.hint}, then restart \`wa-hook up\` · the local receiver keeps running`,
  );
}

export function renderTunnelWarning(out: Output, failure: TunnelFailure): void {
  out.data({
    type: 'error',
    source: 'tunnel',
    severity: 'warning',
    id: failure.id,
    message: failure.message,
    hint: failure.hint,
  });
  out.warn(failure.message, failure.hint);
}
