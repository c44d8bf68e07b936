import { describe, expect, it } from 'vitest';
import {
  cloudflaredMissingFailure,
  parseCloudflaredLine,
  stripLogPrefix,
} from '../../../src/tunnels/cloudflared/output.js';
import { classifyCloudflaredExit, edgeUnreachableFailure } from '../../../src/tunnels/cloudflared/explain.js';
import { CloudflaredLog } from '../../../src/tunnels/cloudflared/output-log.js';

// Exact lines printed by cloudflared 2026.8.2 (https://github.com/cloudflare/cloudflared).
const T = '2026-01-01T00:00:00Z';

describe('parseCloudflaredLine', () => {
  it.each([
    [
      'box URL row',
      `${T} INF |  https://some-random-words.trycloudflare.com                                              |`,
      { kind: 'url', url: 'https://some-random-words.trycloudflare.com' },
    ],
    [
      'fake loopback URL row',
      `${T} INF |  http://127.0.0.1:41234                                                                    |`,
      { kind: 'url', url: 'http://127.0.0.1:41234' },
    ],
    [
      'box border',
      `${T} INF +--------------------------------------------------------------------------------------------+`,
      { kind: 'other' },
    ],
    [
      'box title',
      `${T} INF |  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  |`,
      { kind: 'other' },
    ],
    [
      'Settings holds the origin, not the URL',
      `${T} INF Settings: map[ha-connections:1 protocol:quic url:http://127.0.0.1:3000]`,
      { kind: 'other' },
    ],
    [
      'disclaimer URL is not a box row',
      `${T} INF Thank you for trying Cloudflare Tunnel. Doing so, without a Cloudflare account, is a quick way (https://www.cloudflare.com/website-terms/)`,
      { kind: 'other' },
    ],
    [
      'metrics address',
      `${T} INF Starting metrics server on 127.0.0.1:43117/metrics`,
      { kind: 'metrics', address: '127.0.0.1:43117' },
    ],
    [
      'metrics default localhost',
      `${T} INF Starting metrics server on localhost:20241/metrics`,
      { kind: 'metrics', address: 'localhost:20241' },
    ],
    [
      'registered',
      `${T} INF Registered tunnel connection connIndex=0 connection=0a1b2c3d-0000-4000-8000-000000000000 event=0 ip=198.41.200.13 location=ams01 protocol=quic`,
      { kind: 'registered' },
    ],
    ['requesting', `${T} INF Requesting new quick Tunnel on trycloudflare.com...`, { kind: 'other' }],
    [
      'unregistered is not registered',
      `${T} INF Unregistered tunnel connection connIndex=0 event=0 ip=198.41.200.13`,
      { kind: 'other' },
    ],
  ])('%s', (_name, line, expected) => {
    expect(parseCloudflaredLine(line)).toEqual(expected);
  });

  it.each([
    [
      'offline',
      'failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: lookup api.trycloudflare.com: no such host',
      'quick-tunnel-request-failed',
      /internet connection/,
    ],
    [
      'rate limit ERR line',
      `${T} ERR Error unmarshaling QuickTunnel response: error code: 1015 error="invalid character 'e' looking for beginning of value" status_code="429 Too Many Requests"`,
      'rate-limited',
      /wait a few minutes.*localtunnel.*named tunnel/,
    ],
    [
      'unreadable reply without a status (fatal line alone)',
      "failed to unmarshal quick Tunnel: invalid character 'e' looking for beginning of value",
      'quick-tunnel-bad-reply',
      /localtunnel/,
    ],
    [
      '502 HTML page: the status line after the body (real 2026.8.2)',
      ` error="invalid character '<' looking for beginning of value" status_code="502 Bad Gateway"`,
      'quick-tunnel-service-failing',
      /retries/,
    ],
    [
      '503',
      ` error="invalid character '<' looking for beginning of value" status_code="503 Service Unavailable"`,
      'quick-tunnel-service-failing',
      /retries/,
    ],
    [
      'edge SRV lookup (real 2026.8.2)',
      'Could not lookup srv records on _v2-origintunneld._tcp.argotunnel.com: lookup _v2-origintunneld._tcp.argotunnel.com on 10.255.255.53:53: dial udp 10.255.255.53:53: connect: network is unreachable',
      'edge-dns-failed',
      /argotunnel\.com/,
    ],
    [
      'credentials file given but absent (real 2026.8.2)',
      "Tunnel credentials file '/tmp/x/nope.json' doesn't exist or is not a file",
      'credentials-missing',
      /TUNNEL_CRED_FILE/,
    ],
    [
      'not logged in ERR',
      `${T} ERR Cannot determine default origin certificate path. No file cert.pem in [~/.cloudflared ~/.cloudflare-warp]`,
      'not-logged-in',
      /cloudflared tunnel login/,
    ],
    [
      'not logged in fatal',
      "Error locating origin cert: client didn't specify origincert path",
      'not-logged-in',
      /cloudflared tunnel login/,
    ],
    [
      'credentials missing',
      'tunnel credentials file not found',
      'credentials-missing',
      /cloudflared tunnel create NAME/,
    ],
    ['incorrect usage (flag)', 'Incorrect Usage: flag provided but not defined: -metrics', 'incorrect-usage', /update/],
    ['incorrect usage (tunnel)', 'Incorrect Usage.', 'incorrect-usage', /update/],
    [
      'metrics busy',
      'Error opening metrics server listener: failed to bind to address (127.0.0.1:20241): listen tcp 127.0.0.1:20241: bind: address already in use',
      'metrics-busy',
      /port/,
    ],
    [
      'no --url',
      'You did not specify any valid additional argument to the cloudflared tunnel command.',
      'no-url',
      /bug/,
    ],
  ])('fatal: %s', (_name, line, id, hint) => {
    const parsed = parseCloudflaredLine(line);
    expect(parsed.kind).toBe('failure');
    if (parsed.kind !== 'failure') return;
    expect(parsed.failure.id).toBe(id);
    expect(parsed.failure.hint).toMatch(hint);
    expect(parsed.failure.message).not.toMatch(/\n/);
  });

  it.each([
    [
      'origin down',
      `${T} ERR  error="Unable to reach the origin service. The service may be down or it may not be responding to traffic from cloudflared: dial tcp 127.0.0.1:3000: connect: connection refused" cfRay=8f00aa-AMS event=1 ingressRule=0 originService=http://127.0.0.1:3000`,
      'origin-unreachable',
      /127\.0\.0\.1:3000/,
    ],
    [
      'quic dial',
      `${T} ERR Failed to dial a quic connection error="failed to dial to edge with quic: timeout: no recent network activity" connIndex=0 event=0 ip=198.41.192.7`,
      'edge-dial-failed',
      /http2/,
    ],
    [
      'fallback',
      `${T} INF Switching to fallback protocol http2 connIndex=0 event=0 ip=198.41.192.7`,
      'edge-dial-failed',
      /7844/,
    ],
    [
      'retrying',
      `${T} INF Retrying connection in up to 2s connIndex=0 event=0 ip=198.41.192.7`,
      'edge-dial-failed',
      /http2/,
    ],
    ['edge drop', `${T} WRN Connection terminated error="..." connIndex=0`, 'edge-lost', /URL is kept/],
  ])('warning: %s', (_name, line, id, text) => {
    const parsed = parseCloudflaredLine(line);
    expect(parsed.kind).toBe('warning');
    if (parsed.kind !== 'warning') return;
    expect(parsed.failure.id).toBe(id);
    expect(`${parsed.failure.message} ${parsed.failure.hint}`).toMatch(text);
  });
});

describe('classifyCloudflaredExit', () => {
  it.each([
    [
      'a known failure among the last lines wins',
      [
        `${T} INF Requesting new quick Tunnel on trycloudflare.com...`,
        'failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": EOF',
      ],
      1,
      'quick-tunnel-request-failed',
      /trycloudflare/,
    ],
    [
      'exit 0 with Incorrect Usage is still a failure',
      ['Incorrect Usage: flag provided but not defined: -metrics', '', 'NAME:'],
      0,
      'incorrect-usage',
      /-metrics/,
    ],
    [
      'unknown exit shows the last lines without timestamps',
      [`${T} INF Version 2026.8.2`, `${T} ERR something odd happened`],
      1,
      'exited-early',
      /code 1 .*something odd happened/,
    ],
    ['missing config file', ['open /tmp/x/cf.yml: no such file or directory'], 1, 'exited-early', /no such file/],
  ])('%s', (_name, lines, code, id, message) => {
    const failure = classifyCloudflaredExit(lines, code);
    expect(failure.id).toBe(id);
    expect(failure.message).toMatch(message);
    expect(failure.message).not.toContain(T);
  });
});

describe('cloudflared helpers', () => {
  it.each([
    ['win32', /winget install --id Cloudflare\.cloudflared/],
    ['darwin', /brew install cloudflared/],
    ['linux', /pkg\.cloudflare\.com.*releases\/latest\/download\/cloudflared-linux-amd64/],
    ['freebsd', /releases\/latest/],
  ])('missing binary on %s names the install command', (platform, hint) => {
    const failure = cloudflaredMissingFailure(platform);
    expect(failure.id).toBe('cloudflared-missing');
    expect(failure.hint).toMatch(hint);
  });

  it('edge unreachable over QUIC suggests http2; over http2 it does not', () => {
    expect(edgeUnreachableFailure(30, undefined, 'quic').hint).toMatch(/--protocol http2/);
    const http2 = edgeUnreachableFailure(30, undefined, 'http2');
    expect(http2.hint).not.toMatch(/--protocol http2/);
    expect(http2.hint).toMatch(/TCP port 7844/);
  });

  it.each([
    [`${T} INF Registered tunnel connection connIndex=0`, 'Registered tunnel connection connIndex=0'],
    ['failed to request quick Tunnel: EOF', 'failed to request quick Tunnel: EOF'],
  ])('stripLogPrefix(%s)', (line, expected) => {
    expect(stripLogPrefix(line)).toBe(expected);
  });
});

describe('CloudflaredLog (real 2026.8.2 lines)', () => {
  const HTTP2_LOOP = [
    `${T} INF Tunnel connection curve preferences: [X25519MLKEM768 CurveID(65074) CurveP256] connIndex=0 event=0 ip=127.0.0.1`,
    `${T} ERR Unable to establish connection with Cloudflare edge error="DialContext error: dial tcp 127.0.0.1:7: connect: connection refused" connIndex=0 event=0 ip=127.0.0.1`,
    `${T} ERR Serve tunnel error error="DialContext error: dial tcp 127.0.0.1:7: connect: connection refused" connIndex=0 event=0 ip=127.0.0.1`,
  ];
  const PRECHECKS = [
    `${T} INF |  UDP Connectivity  127.0.0.1:7             FAIL    QUIC connection failed                                   |`,
    `${T} INF |  ERROR: Allow outbound QUIC traffic on port 7844 or use HTTP2.                                               |`,
    `${T} INF |  ERROR: Allow outbound TCP on port 7844.                                                                     |`,
    `${T} INF |  ERROR: cloudflared will still run, but automatic software updates are unavailable. Ensure port 443 TCP to api.cloudflare.com is open if you want auto-updates.  |`,
    `${T} INF |  SUMMARY: Environment has critical failures. cloudflared may not be able to establish a tunnel.            |`,
  ];

  it('explains a timeout with the dial error and the pre-checks verdict, without re-suggesting http2', () => {
    const log = new CloudflaredLog();
    log.feed(
      `${T} ERR Failed to fetch features, default to disable error="lookup cfd-features.argotunnel.com on 10.255.255.53:53: dial udp 10.255.255.53:53: connect: network is unreachable"`,
    );
    for (let i = 0; i < 1000; i += 1) for (const line of HTTP2_LOOP) log.feed(line);
    for (const line of PRECHECKS) log.feed(line);
    const failure = edgeUnreachableFailure(30, log.diagnosis, 'http2');
    expect(failure.message).toMatch(
      /last error: DialContext error: dial tcp 127\.0\.0\.1:7: connect: connection refused/,
    );
    expect(failure.hint).toMatch(
      /Allow outbound QUIC traffic on port 7844 or use HTTP2; Allow outbound TCP on port 7844/,
    );
    expect(failure.hint).not.toMatch(/software updates/);
    expect(failure.hint).toMatch(/DNS lookups of argotunnel\.com fail/);
    expect(failure.hint).not.toMatch(/--protocol http2/);
    expect(log.recentLines().length).toBeLessThanOrEqual(24);
  });

  it('exited-early keeps the bare fatal line, not the banner, and names this port and mode', () => {
    const lines = [
      `${T} INF Thank you for trying Cloudflare Tunnel. Doing so, without a Cloudflare account, is a quick way to experiment and try it out.`,
      `${T} INF Requesting new quick Tunnel on trycloudflare.com...`,
      'failed to parse quick Tunnel ID: invalid UUID length: 0',
    ];
    const quick = classifyCloudflaredExit(lines, 1, { port: 41234 });
    expect(quick.id).toBe('exited-early');
    expect(quick.message).toMatch(/code 1 .*: failed to parse quick Tunnel ID: invalid UUID length: 0$/);
    expect(quick.hint).toMatch(/`cloudflared tunnel --url http:\/\/127\.0\.0\.1:41234`/);
    expect(quick.hint).toMatch(/quick-tunnel service may be failing/);
    const named = classifyCloudflaredExit(
      [`${T} ERR Invalid JSON when parsing credentials file: x`, 'Invalid JSON when parsing tunnel credentials file'],
      1,
      { port: 5000, tunnelName: 'bot' },
    );
    expect(named.message).toMatch(/Invalid JSON when parsing tunnel credentials file$/);
    expect(named.hint).toMatch(/`cloudflared tunnel run --url http:\/\/127\.0\.0\.1:5000 bot`/);
    expect(named.hint).not.toMatch(/8000/);
  });
});
