/**
 * Pure: the one-line explanation wa-hook prints when cloudflared exits early or never connects, built from
 * what cloudflared itself said (output-log.ts): its error line, its pre-checks verdict, DNS and dial errors.
 */
import type { TunnelFailure } from '../failure.js';
import type { CloudflaredDiagnosis } from './output-log.js';
import { parseCloudflaredLine, shorten, stripLogPrefix } from './output.js';

export interface CloudflaredRun {
  /** Receiver port: the command the user can re-run by hand. */
  port: number;
  /** Named tunnel mode (`tunnel run … NAME`). */
  tunnelName?: string;
  protocol?: 'quic' | 'http2';
}

/** What to run by hand to see cloudflared's full output, for this very mode and port. */
export function manualCommand(run: CloudflaredRun): string {
  const origin = `http://127.0.0.1:${run.port}`;
  const protocol = run.protocol === 'http2' ? ' --protocol http2' : '';
  return run.tunnelName
    ? `cloudflared tunnel${protocol} run --url ${origin} ${run.tunnelName}`
    : `cloudflared tunnel${protocol} --url ${origin}`;
}

const DISCLAIMER = /Thank you for trying Cloudflare Tunnel/;
/** A line that carries an error: cloudflared's fatal message is printed bare (no timestamp) just before exit. */
const ERRORISH =
  /\b(?:ERR|FTL)\b|failed to|error=|[Ee]rror|[Ii]nvalid|not found|doesn't exist|[Cc]ould not|[Cc]annot|denied/;
const LOG_PREFIX = /^\S+Z\s+(?:INF|WRN|ERR|DBG|FTL)\s/;

/** The line that says what went wrong: the bare fatal message, else the last error-level line, never the banner. */
export function errorLine(recentLines: string[]): string | undefined {
  const lines = recentLines.filter((l) => l.trim() && !DISCLAIMER.test(l));
  const bare = lines.findLast((l) => !LOG_PREFIX.test(l) && ERRORISH.test(l));
  const picked = bare ?? lines.findLast((l) => ERRORISH.test(l)) ?? lines.at(-1);
  return picked === undefined ? undefined : stripLogPrefix(picked);
}

/** What cloudflared's own checks said, as one sentence (empty when it said nothing useful). */
export function diagnosisText(d: CloudflaredDiagnosis | undefined): string {
  if (!d) return '';
  const parts: string[] = [];
  const sentences = d.prechecks.length
    ? d.prechecks
    : d.precheckSummary && !/healthy/.test(d.precheckSummary)
      ? [d.precheckSummary]
      : [];
  if (sentences.length)
    parts.push(`cloudflared's own pre-checks say "${sentences.map((s) => s.replace(/\.$/, '')).join('; ')}"`);
  if (d.dns) parts.push(`DNS lookups of argotunnel.com fail (${shorten(d.dns, 100)}): check your DNS resolver / VPN`);
  return parts.join('; ');
}

/**
 * Why cloudflared stopped before it was ready. It can exit 0 without starting anything (`Incorrect Usage`),
 * so any exit before the URL/ready line is a failure; the recent lines say which one.
 */
export function classifyCloudflaredExit(
  recentLines: string[],
  exitCode: number | undefined,
  run: CloudflaredRun = { port: 8000 },
  diagnosis?: CloudflaredDiagnosis,
): TunnelFailure {
  for (const line of recentLines) {
    const parsed = parseCloudflaredLine(line);
    if (parsed.kind === 'failure') return parsed.failure;
  }
  const error = errorLine(recentLines);
  const code = exitCode === undefined ? '' : ` with code ${exitCode}`;
  const quickReply = !run.tunnelName && error !== undefined && /quick Tunnel/.test(error);
  const hints = [
    quickReply
      ? "trycloudflare.com's reply held no usable tunnel: the quick-tunnel service may be failing, retry in a minute"
      : '',
    diagnosisText(diagnosis),
    `run \`${manualCommand(run)}\` yourself to see its full output, or use \`--tunnel localtunnel\``,
  ].filter(Boolean);
  return {
    id: 'exited-early',
    message: `cloudflared exited${code} before the tunnel was ready${error ? `: ${shorten(error, 240)}` : ''}`,
    hint: hints.join('; '),
  };
}

/** cloudflared never registered within the deadline (edge unreachable), explained with what it said. */
export function edgeUnreachableFailure(
  seconds: number,
  diagnosis: CloudflaredDiagnosis | undefined,
  protocol: 'quic' | 'http2' = 'quic',
): TunnelFailure {
  const last = diagnosis?.lastDialError ? ` (last error: ${shorten(diagnosis.lastDialError, 140)})` : '';
  const transport = protocol === 'http2' ? 'over HTTP/2, TCP port 7844' : 'over QUIC, UDP port 7844';
  const next =
    protocol === 'http2'
      ? 'outbound TCP port 7844 to Cloudflare is blocked too (firewall, proxy, VPN): allow it, or use `--tunnel localtunnel`'
      : 'UDP port 7844 is probably blocked (firewall, VPN): wa-hook retries with `--protocol http2`, or use `--tunnel localtunnel`';
  const said = diagnosisText(diagnosis);
  return {
    id: 'edge-unreachable',
    message: `cloudflared did not connect to Cloudflare's edge ${transport} within ${seconds} s${last}`,
    hint: said ? `${said}; ${next}` : next,
  };
}
