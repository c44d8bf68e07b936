import { describe, expect, it } from 'vitest';
import {
  callbackUrlFor,
  normalizePublicUrl,
  planPublicSide,
  type PublicSideFlags,
} from '../../../src/commands/up/plan.js';
import { cloudflaredArgs } from '../../../src/tunnels/cloudflared/tunnel-io.js';
import { backoffDelay } from '../../../src/tunnels/supervisor-io.js';

const plan = (
  flags: PublicSideFlags,
  env: NodeJS.ProcessEnv = {},
  found: 'cloudflared' | 'localtunnel' = 'cloudflared',
) => planPublicSide(flags, { env }, async () => found);

describe('planPublicSide', () => {
  it.each([
    ['default with cloudflared on PATH', {}, 'cloudflared', { kind: 'tunnel', provider: 'cloudflared' }],
    [
      'default without cloudflared',
      {},
      'localtunnel',
      { kind: 'tunnel', provider: 'localtunnel', noCloudflared: true },
    ],
    [
      '--hostname implies cloudflared',
      { tunnelName: 'bot', hostname: 'h.example.com' },
      'localtunnel',
      { kind: 'tunnel', provider: 'cloudflared', tunnelName: 'bot', hostname: 'h.example.com' },
    ],
    [
      '--subdomain implies localtunnel',
      { subdomain: 'my-bot-hook' },
      'cloudflared',
      { kind: 'tunnel', provider: 'localtunnel', subdomain: 'my-bot-hook' },
    ],
    ['explicit provider wins', { tunnel: 'localtunnel' }, 'cloudflared', { kind: 'tunnel', provider: 'localtunnel' }],
    ['none', { tunnel: 'none' }, 'cloudflared', { kind: 'none' }],
    [
      'public URL',
      { publicUrl: 'https://hook.example.com/' },
      'cloudflared',
      { kind: 'public-url', url: 'https://hook.example.com' },
    ],
    [
      'public URL with --tunnel none',
      { publicUrl: 'https://hook.example.com', tunnel: 'none' },
      'cloudflared',
      { kind: 'public-url', url: 'https://hook.example.com' },
    ],
  ] as const)('%s', async (_name, flags, found, expected) => {
    expect(await plan(flags, {}, found)).toMatchObject(expected);
  });

  it.each([
    ['--tunnel localtunnel', { tunnel: 'localtunnel' }],
    ['--subdomain', { subdomain: 'my-bot-hook' }],
  ] as const)('does not call %s a fallback for a missing cloudflared', async (_name, flags) => {
    expect(await plan(flags, {}, 'localtunnel')).not.toHaveProperty('noCloudflared');
  });

  it.each([
    ['name without hostname', { tunnelName: 'bot' }, /go together/],
    ['hostname without name', { hostname: 'h.example.com' }, /go together/],
    [
      'public URL and a provider',
      { publicUrl: 'https://h.example.com', tunnel: 'localtunnel' },
      /drop --tunnel localtunnel/,
    ],
    ['public URL and a subdomain', { publicUrl: 'https://h.example.com', subdomain: 'abcde' }, /starts no tunnel/],
    ['none and a subdomain', { tunnel: 'none', subdomain: 'abcde' }, /--tunnel none starts no tunnel/],
    [
      'named tunnel with localtunnel',
      { tunnel: 'localtunnel', tunnelName: 'b', hostname: 'h' },
      /cloudflared named tunnels/,
    ],
    ['subdomain with cloudflared', { tunnel: 'cloudflared', subdomain: 'abcde' }, /--subdomain is for localtunnel/],
    ['subdomain and a named tunnel', { subdomain: 'abcde', tunnelName: 'b', hostname: 'h' }, /exclude each other/],
    ['invalid subdomain', { subdomain: 'UPPER' }, /invalid --subdomain/],
  ] as const)('usage error: %s', async (_name, flags, message) => {
    await expect(plan(flags)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(message) });
  });

  it.each([
    ['2', 2000],
    ['0.5', 500],
  ])('WA_HOOK_TUNNEL_TIMEOUT=%s → %i ms', async (raw, ms) => {
    expect(await plan({}, { WA_HOOK_TUNNEL_TIMEOUT: raw })).toMatchObject({ readyTimeoutMs: ms });
  });

  it.each(['0', '-1', 'soon'])('WA_HOOK_TUNNEL_TIMEOUT=%s is a usage error', async (raw) => {
    await expect(plan({}, { WA_HOOK_TUNNEL_TIMEOUT: raw })).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('public and callback URLs', () => {
  it.each([
    ['https://hook.example.com', 'https://hook.example.com'],
    ['https://hook.example.com/', 'https://hook.example.com'],
    ['https://hook.example.com/wa/', 'https://hook.example.com/wa'],
    ['HTTPS://Hook.Example.com:8443', 'https://hook.example.com:8443'],
  ])('normalizePublicUrl(%s) = %s', (raw, expected) => {
    expect(normalizePublicUrl(raw)).toBe(expected);
  });

  it.each(['hook.example.com', 'ftp://x', 'https://h.example.com/?a=1', 'https://h.example.com/#x'])(
    'normalizePublicUrl(%s) is a usage error',
    (raw) => {
      expect(() => normalizePublicUrl(raw)).toThrow(expect.objectContaining({ exitCode: 2 }));
    },
  );

  it.each([
    ['https://a.trycloudflare.com', '/webhook', 'https://a.trycloudflare.com/webhook'],
    ['https://a.trycloudflare.com/', '/webhook', 'https://a.trycloudflare.com/webhook'],
    ['https://h.example.com/wa', '/api/v1/webhooks/whatsapp', 'https://h.example.com/wa/api/v1/webhooks/whatsapp'],
    ['http://127.0.0.1:4000', 'hook', 'http://127.0.0.1:4000/hook'],
  ])('callbackUrlFor(%s, %s) = %s', (publicUrl, path, expected) => {
    expect(callbackUrlFor(publicUrl, path)).toBe(expected);
  });
});

describe('cloudflaredArgs', () => {
  // Every run starts with these: no self-update, our config file, metrics on a free loopback port.
  const TUNNEL_FLAGS = ['tunnel', '--no-autoupdate', '--config', '/t/cf.yml', '--metrics', '127.0.0.1:0'];
  it.each([
    ['quick', {}, [...TUNNEL_FLAGS, '--grace-period', '1s', '--url', 'http://127.0.0.1:8000']],
    [
      'quick over http2',
      { protocol: 'http2' as const },
      [...TUNNEL_FLAGS, '--protocol', 'http2', '--grace-period', '1s', '--url', 'http://127.0.0.1:8000'],
    ],
    [
      'named: tunnel flags before run, NAME last',
      { tunnelName: 'bot' },
      [...TUNNEL_FLAGS, 'run', '--url', 'http://127.0.0.1:8000', 'bot'],
    ],
  ])('%s', (_name, extra, expected) => {
    expect(cloudflaredArgs({ port: 8000, configFile: '/t/cf.yml', ...extra })).toEqual(expected);
  });
});

describe('backoffDelay', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [6, 32_000],
    [7, 60_000],
    [20, 60_000],
  ])('attempt %i → %i ms', (attempt, ms) => {
    expect(backoffDelay(attempt)).toBe(ms);
  });
});
