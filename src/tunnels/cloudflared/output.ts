/**
 * Pure parsing of what cloudflared says on stderr, one line at a time.
 * Every known failure maps to one line and a hint (exact texts from https://github.com/cloudflare/cloudflared,
 * cloudflared 2026.8.2: cmd/cloudflared/tunnel/quick_tunnel.go, credential_finder.go, supervisor/tunnel.go,
 * edgediscovery/allregions/discovery.go, prechecks/).
 */

import type { TunnelFailure } from '../failure.js';

export type CloudflaredLine =
  | { kind: 'url'; url: string }
  | { kind: 'metrics'; address: string }
  | { kind: 'registered' }
  | { kind: 'failure'; failure: TunnelFailure }
  /** Not fatal: the process keeps running (origin down, edge dial retries, lost edge connection). */
  | { kind: 'warning'; failure: TunnelFailure; detail?: string }
  /** cloudflared's own diagnosis (pre-checks box, DNS failures): kept for the explanation of a later failure. */
  | { kind: 'diagnosis'; topic: 'precheck' | 'precheck-summary' | 'dns'; text: string }
  | { kind: 'other' };

/**
 * Lines are cut to this length before any pattern runs: every pattern matches near the start, and a
 * cloudflared that prints a huge line (an HTML error page, a stack trace) must not cost more per line.
 */
export const MAX_LINE = 600;

// A box row that *starts* with a URL; "first URL anywhere" would pick the origin from `Settings:`.
const URL_ROW = /\|\s+(https?:\/\/[^\s|]+)\s+\|/;
const METRICS = /Starting metrics server on (\S+?)\/metrics/;
/** zerolog's `error="…"` field (quotes inside are escaped). */
const ERROR_FIELD = /error="((?:[^"\\]|\\.)*)"/;

const HELP = {
  localtunnel: 'or use `--tunnel localtunnel`',
  named: 'or a named tunnel (`--tunnel-name NAME --hostname HOST`) for a permanent URL',
  login:
    'run `cloudflared tunnel login` once, then `cloudflared tunnel create NAME` and `cloudflared tunnel route dns NAME HOST`',
  credentials:
    '`cloudflared tunnel create NAME` writes it to ~/.cloudflared/<id>.json; check the name with `cloudflared tunnel list`',
};

const RATE_LIMITED: TunnelFailure = {
  id: 'rate-limited',
  message: 'trycloudflare.com refused a new quick tunnel: rate limited (429 / error 1015)',
  hint: `wait a few minutes and retry, ${HELP.localtunnel}, ${HELP.named}`,
};

/** The trycloudflare API answered with something other than a tunnel (`status_code="502 Bad Gateway"`, …). */
function quickTunnelStatus(status: string): TunnelFailure {
  const code = Number(status.slice(0, 3));
  if (code === 429) return RATE_LIMITED;
  if (code >= 500)
    return {
      id: 'quick-tunnel-service-failing',
      message: `Cloudflare's quick-tunnel service is failing (trycloudflare.com answered ${status})`,
      hint: `not your network: wa-hook retries; if it persists, check https://www.cloudflarestatus.com, ${HELP.localtunnel}`,
    };
  return {
    id: 'quick-tunnel-bad-reply',
    message: `trycloudflare.com answered ${status} instead of a tunnel`,
    hint: `a proxy or captive portal may be answering for it; check your network, ${HELP.localtunnel}`,
  };
}

/** Failures recognised from a single stderr/stdout line, in priority order. */
const LINE_FAILURES: Array<{ test: RegExp; fatal: boolean; make: (m: RegExpMatchArray) => TunnelFailure }> = [
  // quick_tunnel.go logs the unreadable reply, then `status_code="<code> <text>"` (on the reply's last line).
  { test: /status_code="(\d{3}[^"]*)"/, fatal: true, make: (m) => quickTunnelStatus(m[1] ?? '') },
  { test: /error code: 1015/, fatal: true, make: () => RATE_LIMITED },
  {
    test: /failed to unmarshal quick Tunnel: (.*)$/,
    fatal: true,
    make: (m) => ({
      id: 'quick-tunnel-bad-reply',
      message: `trycloudflare.com sent a reply cloudflared could not read (${shorten(m[1] ?? '')})`,
      hint: `retry in a minute; a proxy may be answering for it; ${HELP.localtunnel}`,
    }),
  },
  {
    test: /failed to request quick Tunnel: (.*)$/,
    fatal: true,
    make: (m) => ({
      id: 'quick-tunnel-request-failed',
      message: `could not request a quick tunnel from trycloudflare.com (${shorten(m[1] ?? '')})`,
      hint: `check your internet connection, DNS and proxy; ${HELP.localtunnel}`,
    }),
  },
  {
    // The API answered but the edge cannot be found: DNS blocked/filtered (edgediscovery/allregions/discovery.go).
    test: /Could not lookup srv records on (\S+?):\s*(.*)$/,
    fatal: true,
    make: (m) => ({
      id: 'edge-dns-failed',
      message: `cloudflared cannot find Cloudflare's edge: the DNS lookup of ${m[1] ?? 'its SRV records'} failed (${shorten(m[2] ?? '', 140)})`,
      hint:
        `your DNS resolver blocks or filters argotunnel.com (company network, VPN, ad ` +
        `blocker): allow *.argotunnel.com or use 1.1.1.1 as resolver; ${HELP.localtunnel}`,
    }),
  },
  {
    test: /Cannot determine default origin certificate path|Error locating origin cert/,
    fatal: true,
    make: () => ({
      id: 'not-logged-in',
      message: 'cloudflared is not logged in (no origin certificate, cert.pem)',
      hint: HELP.login,
    }),
  },
  {
    // credential_finder.go: searchByID → "tunnel credentials file not found"; --credentials-file /
    // TUNNEL_CRED_FILE → "Tunnel credentials file '<path>' doesn't exist or is not a file".
    test: /[Tt]unnel credentials file (?:'([^']*)' doesn't exist or is not a file|not found)/,
    fatal: true,
    make: (m) => ({
      id: 'credentials-missing',
      message: m[1]
        ? `the credentials file of the named tunnel is missing: ${m[1]} does not exist or is not a file`
        : 'the credentials file of the named tunnel is missing',
      hint: m[1] ? `fix --credentials-file / TUNNEL_CRED_FILE, or unset it; ${HELP.credentials}` : HELP.credentials,
    }),
  },
  {
    test: /Incorrect Usage/,
    fatal: true,
    make: (m) => ({
      id: 'incorrect-usage',
      message: `cloudflared rejected its arguments: ${shorten(m.input ?? '')}`,
      hint: 'your cloudflared is probably too old: update it (`brew upgrade cloudflared`, `winget upgrade Cloudflare.cloudflared`, or the latest release)',
    }),
  },
  {
    test: /Error opening metrics server listener/,
    fatal: true,
    make: () => ({
      id: 'metrics-busy',
      message: 'cloudflared could not open its metrics port',
      hint: 'another process holds the port, or local ports are exhausted; wa-hook retries with a new random port',
    }),
  },
  {
    test: /You did not specify any valid additional argument/,
    fatal: true,
    make: () => ({
      id: 'no-url',
      message: 'cloudflared was started without a --url',
      hint: 'this is a wa-hook bug: please report it',
    }),
  },
  {
    test: /Unable to reach the origin service.*?dial tcp (\S+?):? connect/,
    fatal: false,
    make: (m) => ({
      id: 'origin-unreachable',
      message: `the tunnel is up but cannot reach the local receiver at ${m[1] ?? 'its origin'} (visitors get 502)`,
      hint: 'is the receiver still running on that port? `wa-hook up` restarts it; check nothing else took the port',
    }),
  },
  {
    // QUIC (UDP 7844): supervisor/tunnel.go, "Failed to dial a quic connection", fallback and retry lines.
    test: /Failed to dial a quic connection|Switching to fallback protocol http2|Retrying connection in up to/,
    fatal: false,
    make: (m) => ({
      id: 'edge-dial-failed',
      message: `cloudflared cannot reach Cloudflare's edge over QUIC${detailOf(m.input)}`,
      hint: 'UDP port 7844 may be blocked (firewall, VPN): `--protocol http2` avoids it; wa-hook switches to it on retry',
    }),
  },
  {
    // HTTP/2 (TCP 7844): "Unable to establish connection with Cloudflare edge" then "Serve tunnel error".
    test: /Unable to establish connection with Cloudflare edge|Serve tunnel error/,
    fatal: false,
    make: (m) => ({
      id: 'edge-dial-failed',
      message: `cloudflared cannot reach Cloudflare's edge over HTTP/2 (TCP 7844)${detailOf(m.input)}`,
      hint: 'outbound TCP port 7844 to Cloudflare is blocked (firewall, proxy, VPN): allow it, or use `--tunnel localtunnel`',
    }),
  },
  {
    test: /Connection terminated|Lost connection with the edge/,
    fatal: false,
    make: () => ({
      id: 'edge-lost',
      message: 'cloudflared lost its connection to the edge and is reconnecting',
      hint: 'the URL is kept; nothing to do',
    }),
  },
];

/** Box rows of the `CONNECTIVITY PRE-CHECKS` table worth repeating (prechecks/result.go renderActions/summaryLine). */
const PRECHECK_ACTION = /\|\s+(?:ERROR|WARNING): (.*?)\s*\|$/;
const PRECHECK_SUMMARY = /\|\s+SUMMARY: (.*?)\s*\|$/;
/** DNS failures cloudflared logs and survives (features lookup, edge discovery): the usual root cause. */
const DNS_FAILURE =
  /Failed to fetch features|edge discovery: .*DNS query failed|Failed to initialize DNS local resolver/;

export function shorten(text: string, max = 160): string {
  const t = text.trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function detailOf(line: string | undefined): string {
  const error = line === undefined ? undefined : ERROR_FIELD.exec(line)?.[1];
  return error ? ` (${shorten(error.replace(/\\"/g, '"'), 140)})` : '';
}

/** The `error="…"` field of a line, unescaped, if any. */
export function errorField(line: string): string | undefined {
  return ERROR_FIELD.exec(line)?.[1]?.replace(/\\"/g, '"');
}

/** Classifies one line of cloudflared output (stderr or stdout). Work is bounded by MAX_LINE. */
export function parseCloudflaredLine(raw: string): CloudflaredLine {
  const line = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
  // Cheap gate: box rows (URL, pre-checks) all contain '|'; nothing else needs the box patterns.
  if (line.includes('|')) {
    const url = URL_ROW.exec(line);
    if (url?.[1]) return { kind: 'url', url: url[1] };
    const action = PRECHECK_ACTION.exec(line);
    if (action?.[1]) return { kind: 'diagnosis', topic: 'precheck', text: action[1] };
    const summary = PRECHECK_SUMMARY.exec(line);
    if (summary?.[1]) return { kind: 'diagnosis', topic: 'precheck-summary', text: summary[1] };
  }
  const metrics = METRICS.exec(line);
  if (metrics?.[1]) return { kind: 'metrics', address: metrics[1] };
  if (line.includes('Registered tunnel connection')) return { kind: 'registered' };
  for (const rule of LINE_FAILURES) {
    const m = line.match(rule.test);
    if (!m) continue;
    if (rule.fatal) return { kind: 'failure', failure: rule.make(m) };
    return { kind: 'warning', failure: rule.make(m), detail: errorField(line) };
  }
  if (DNS_FAILURE.test(line)) {
    return { kind: 'diagnosis', topic: 'dns', text: errorField(line) ?? stripLogPrefix(line) };
  }
  return { kind: 'other' };
}

/** Drops cloudflared's `2026-01-01T00:00:00Z INF ` prefix for display. */
export function stripLogPrefix(line: string): string {
  return line.replace(/^\S+Z\s+(?:INF|WRN|ERR|DBG|FTL)\s+/, '').trim();
}

/**
 * The executable is not on PATH: install it per OS.
 * Source: https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/
 */
export function cloudflaredMissingFailure(platform: string): TunnelFailure {
  const install: Record<string, string> = {
    win32: '`winget install --id Cloudflare.cloudflared` (then open a new terminal)',
    darwin: '`brew install cloudflared`',
    linux:
      'the apt repo `https://pkg.cloudflare.com/cloudflared any main` (`sudo apt install cloudflared`), or ' +
      'download https://github.com/cloudflare/cloudflared/releases/latest/download/cloudflared-linux-amd64',
  };
  return {
    id: 'cloudflared-missing',
    message: 'cloudflared is not installed (not found on PATH)',
    hint:
      `install it with ${install[platform] ?? 'the release download from https://github.com/cloudflare/cloudflared/releases/latest'}, ` +
      `or use \`--tunnel localtunnel\``,
  };
}
