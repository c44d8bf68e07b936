/**
 * `wa-hook status`: what the running `up` in this folder is doing, as the lines a person reads first (the URL to
 * paste into Meta, the verify token, the tunnel, the inspector) and as one JSON object. Pure: state and counts in.
 */
import { maskSecret } from '../config/redact.js';
import type { UpState } from '../state/state-file-io.js';

/** Records of this `up` run by kind, counted from the event log (newest first, up to a cap). */
export interface RunCounts {
  events: number;
  rejected: number;
  verifications: number;
  graphCalls: number;
  /** True when the cap was reached: the numbers are lower bounds. */
  capped: boolean;
}

export interface StatusReport {
  pid: number;
  startedAt: string;
  uptimeSeconds: number;
  localUrl: string;
  callbackUrl?: string;
  publicUrl?: string;
  tunnel: string;
  forwardTo?: string;
  inspectorUrl?: string;
  localGraphUrl?: string;
  verifyToken?: string;
  verifyTokenSource?: UpState['verifyTokenSource'];
  counts: RunCounts;
}

/** The report, with the verify token masked unless the user asked to see it. */
export function statusReport(state: UpState, counts: RunCounts, now: number, showToken: boolean): StatusReport {
  const token = state.verifyToken;
  return {
    pid: state.pid,
    startedAt: state.startedAt,
    uptimeSeconds: Math.max(0, Math.round((now - Date.parse(state.startedAt)) / 1000)),
    localUrl: state.localUrl,
    callbackUrl: state.callbackUrl,
    publicUrl: state.publicUrl,
    tunnel: state.provider ?? (state.localGraphUrl ? 'none (local WhatsApp)' : 'none yet'),
    forwardTo: state.forwardTo,
    // The inspector URL carries its API token in the fragment: a person opens it, so it is shown as written.
    inspectorUrl: state.inspectorUrl,
    localGraphUrl: state.localGraphUrl,
    verifyToken: token === undefined ? undefined : showToken ? token : maskSecret(token),
    verifyTokenSource: state.verifyTokenSource,
    counts,
  };
}

/** "3 h 05 min", "42 s": how long `up` has been running. */
export function formatUptime(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function renderStatus(report: StatusReport): string[] {
  const c = report.counts;
  const plus = c.capped ? '+' : '';
  const lines = [
    `wa-hook up is running (pid ${report.pid}, for ${formatUptime(report.uptimeSeconds)})`,
    `  callback URL   ${report.callbackUrl ?? `${report.localUrl} (local only: no public URL yet)`}`,
    `  verify token   ${report.verifyToken ?? '(none: forwarding, your backend answers the handshake)'}${
      report.verifyTokenSource ? ` (${report.verifyTokenSource})` : ''
    }`,
    `  tunnel         ${report.tunnel}${report.publicUrl ? `: ${report.publicUrl}` : ''}`,
    `  receiver       ${report.localUrl}${report.forwardTo ? ` → ${report.forwardTo}` : ''}`,
  ];
  if (report.localGraphUrl) lines.push(`  local Graph    ${report.localGraphUrl}`);
  if (report.inspectorUrl) lines.push(`  inspector      ${report.inspectorUrl}`);
  lines.push(
    `  this run       ${c.events}${plus} event(s), ${c.rejected}${plus} refused, ${c.verifications}${plus} verification(s)${
      c.graphCalls ? `, ${c.graphCalls}${plus} Graph call(s)` : ''
    } → wa-hook events`,
  );
  return lines;
}
