import { describe, expect, it } from 'vitest';
import {
  classifyCloudflaredExit,
  cloudflaredMissingFailure,
  edgeUnreachableFailure,
  parseCloudflaredLine,
  stripLogPrefix,
} from '../../../src/tunnels/cloudflared/output.js';

// Exact lines from shared/reference/tunnels.md §1.2–§1.6.
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
      'rate limit fatal line',
      "failed to unmarshal quick Tunnel: invalid character 'e' looking for beginning of value",
      'rate-limited',
      /localtunnel/,
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

  it.each([
    [true, /QUIC dial failures/],
    [false, /within 30 s$/],
  ])('edge unreachable (dial errors seen: %s)', (saw, message) => {
    const failure = edgeUnreachableFailure(30, saw);
    expect(failure.message).toMatch(message);
    expect(failure.hint).toMatch(/--protocol http2/);
  });

  it.each([
    [`${T} INF Registered tunnel connection connIndex=0`, 'Registered tunnel connection connIndex=0'],
    ['failed to request quick Tunnel: EOF', 'failed to request quick Tunnel: EOF'],
  ])('stripLogPrefix(%s)', (line, expected) => {
    expect(stripLogPrefix(line)).toBe(expected);
  });
});
