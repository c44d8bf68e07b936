/**
 * Pure parsing of what cloudflared says on stderr.
 * Every known failure maps to one line and a hint (facts: shared/reference/tunnels.md §1.2–§1.4, §2).
 */

import type { TunnelFailure } from '../failure.js';

export type CloudflaredLine =
  | { kind: 'url'; url: string }
  | { kind: 'metrics'; address: string }
  | { kind: 'registered' }
  | { kind: 'failure'; failure: TunnelFailure }
  /** Not fatal: the process keeps running (origin down, edge dial retries, lost edge connection). */
  | { kind: 'warning'; failure: TunnelFailure }
  | { kind: 'other' };

// A box row that *starts* with a URL; "first URL anywhere" would pick the origin from `Settings:`.
const URL_ROW = /\|\s+(https?:\/\/[^\s|]+)\s+\|/;
const METRICS = /Starting metrics server on (\S+?)\/metrics/;

const HELP = {
  localtunnel: 'or use `--tunnel localtunnel`',
  named: 'or a named tunnel (`--tunnel-name NAME --hostname HOST`) for a permanent URL',
  login:
    'run `cloudflared tunnel login` once, then `cloudflared tunnel create NAME` and `cloudflared tunnel route dns NAME HOST`',
};

/** Failures recognised from a single stderr/stdout line, in priority order. */
const LINE_FAILURES: Array<{ test: RegExp; fatal: boolean; make: (m: RegExpMatchArray) => TunnelFailure }> = [
  {
    test: /status_code="429|error code: 1015|failed to unmarshal quick Tunnel/,
    fatal: true,
    make: () => ({
      id: 'rate-limited',
      message: 'trycloudflare.com refused a new quick tunnel: rate limited (429 / error 1015)',
      hint: `wait a few minutes and retry, ${HELP.localtunnel}, ${HELP.named}`,
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
    test: /Cannot determine default origin certificate path|Error locating origin cert/,
    fatal: true,
    make: () => ({
      id: 'not-logged-in',
      message: 'cloudflared is not logged in (no origin certificate, cert.pem)',
      hint: HELP.login,
    }),
  },
  {
    test: /tunnel credentials file not found|credentials file .* (does not exist|not found)/i,
    fatal: true,
    make: () => ({
      id: 'credentials-missing',
      message: 'the credentials file of the named tunnel is missing',
      hint: '`cloudflared tunnel create NAME` writes it to ~/.cloudflared/<id>.json; check the name with `cloudflared tunnel list`',
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
    test: /Failed to dial a quic connection|Switching to fallback protocol http2|Retrying connection in up to/,
    fatal: false,
    make: () => ({
      id: 'edge-dial-failed',
      message: "cloudflared cannot reach Cloudflare's edge yet",
      hint: 'UDP port 7844 may be blocked (firewall, VPN): `--protocol http2` avoids it; wa-hook switches to it on retry',
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

function shorten(text: string, max = 160): string {
  const t = text.trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Classifies one line of cloudflared output (stderr or stdout). */
export function parseCloudflaredLine(line: string): CloudflaredLine {
  const url = URL_ROW.exec(line);
  if (url?.[1]) return { kind: 'url', url: url[1] };
  const metrics = METRICS.exec(line);
  if (metrics?.[1]) return { kind: 'metrics', address: metrics[1] };
  if (/Registered tunnel connection/.test(line)) return { kind: 'registered' };
  for (const rule of LINE_FAILURES) {
    const m = line.match(rule.test);
    if (m) return rule.fatal ? { kind: 'failure', failure: rule.make(m) } : { kind: 'warning', failure: rule.make(m) };
  }
  return { kind: 'other' };
}

/**
 * Why cloudflared stopped before it was ready. It can exit 0 without starting anything (`Incorrect Usage`),
 * so any exit before the URL/ready line is a failure; the recent lines say which one.
 */
export function classifyCloudflaredExit(recentLines: string[], exitCode: number | undefined): TunnelFailure {
  for (const line of recentLines) {
    const parsed = parseCloudflaredLine(line);
    if (parsed.kind === 'failure') return parsed.failure;
  }
  const last = recentLines
    .filter((l) => l.trim())
    .slice(-3)
    .map((l) => stripLogPrefix(l))
    .join(' | ');
  return {
    id: 'exited-early',
    message: `cloudflared exited${exitCode === undefined ? '' : ` with code ${exitCode}`} before the tunnel was ready${last ? `: ${shorten(last)}` : ''}`,
    hint: 'run `cloudflared tunnel --url http://127.0.0.1:8000` yourself to see its full output, or use `--tunnel localtunnel`',
  };
}

/** Drops cloudflared's `2026-01-01T00:00:00Z INF ` prefix for display. */
export function stripLogPrefix(line: string): string {
  return line.replace(/^\S+Z\s+(?:INF|WRN|ERR|DBG|FTL)\s+/, '').trim();
}

/** cloudflared never registered within the deadline (§1.4 edge unreachable). */
export function edgeUnreachableFailure(seconds: number, sawDialErrors: boolean): TunnelFailure {
  return {
    id: 'edge-unreachable',
    message: `cloudflared did not connect to Cloudflare's edge within ${seconds} s${sawDialErrors ? ' (QUIC dial failures)' : ''}`,
    hint: 'UDP port 7844 is probably blocked (firewall, VPN DNS); wa-hook retries with `--protocol http2`, or use `--tunnel localtunnel`',
  };
}

/** The executable is not on PATH: install it per OS (§1 Install). */
export function cloudflaredMissingFailure(platform: string): TunnelFailure {
  const install: Record<string, string> = {
    win32: '`winget install --id Cloudflare.cloudflared` (then open a new terminal)',
    darwin: '`brew install cloudflared`',
    linux:
      'the apt repo `https://pkg.cloudflare.com/cloudflared any main` (`sudo apt install cloudflared`), or download https://github.com/cloudflare/cloudflared/releases/latest/download/cloudflared-linux-amd64',
  };
  return {
    id: 'cloudflared-missing',
    message: 'cloudflared is not installed (not found on PATH)',
    hint: `install it with ${install[platform] ?? 'the release download from https://github.com/cloudflare/cloudflared/releases/latest'}, or use \`--tunnel localtunnel\``,
  };
}
