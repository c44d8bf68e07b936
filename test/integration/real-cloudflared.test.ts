/**
 * `wa-hook up` against the real cloudflared (../shared/tools, 2026.8.2) in a loopback-only network namespace:
 * the trycloudflare API is a loopback stand-in (ok / 429+1015 / 500 JSON / 502 HTML), the edge is absent, so
 * every failure here is one a user meets, printed by the real binary. Fast cases only (~1–3 s each); the
 * 30-second edge timeouts are in test/reliability/real-tunnels.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { makeTempDir, useTempDir } from '../helpers/temp-dir.js';
import { realToolsNamespace } from '../helpers/real-tools.js';
import {
  installRealCloudflared,
  pidsOf,
  startQuickTunnelApi,
  type RealCloudflared,
} from '../helpers/real-cloudflared.js';
import { startUpTunnel, type RunningUpTunnel } from '../helpers/start-up-tunnel.js';
import { waitFor } from '../helpers/wait-for.js';

const { netns: inNamespace, skip } = await realToolsNamespace('cloudflared');

const TOKEN = 'tok_real_cloudflared_0123456789';
const TUNNEL_ID = '7c2a3b1e-1f0a-4c3b-9a8e-2d6f0e5b4a31';

describe.skipIf(skip !== undefined)('wa-hook up with the real cloudflared (loopback-only namespace)', () => {
  const netns = inNamespace!;
  let shared: Awaited<ReturnType<typeof makeTempDir>>;
  let cf: RealCloudflared;
  let api: string;
  const temp = useTempDir();
  let up: RunningUpTunnel | undefined;

  // In a hook, not the describe body: a skipped describe still runs its body, and a clone without the
  // real tools must leave no temp folder and no unhandled rejection behind.
  beforeAll(async () => {
    shared = await makeTempDir('wa-hook-real-cf-');
    cf = await installRealCloudflared(shared.dir);
    api = await startQuickTunnelApi(netns);
  });

  afterEach(async () => {
    if (up && !up.exited()) await up.stop('SIGKILL');
    up = undefined;
  });
  afterAll(async () => {
    await netns.close();
    await shared?.cleanup();
  });

  const env = (extra: Record<string, string> = {}) => ({
    PATH: `${cf.binDir}${delimiter}${process.env.PATH ?? ''}`,
    HOME: temp.dir,
    ...extra,
  });
  const start = (args: string[], extra: Record<string, string> = {}) =>
    startUpTunnel(['--tunnel', 'cloudflared', '--no-clipboard', '--no-inspect', '--verify-token', TOKEN, ...args], {
      cwd: temp.dir,
      env: env(extra),
      wrap: netns.wrap,
    });
  const firstTunnelError = async (u: RunningUpTunnel) => {
    const event = await u.waitForEvent((e) => e.type === 'error' && e.source === 'tunnel', 'a tunnel error', 20_000);
    return event as { id: string; message: string; hint: string };
  };
  const receiverPort = async (u: RunningUpTunnel) =>
    Number((await u.waitForEvent((e) => e.type === 'ready', 'ready')).port);

  it('a 502 HTML page from the trycloudflare API is a failing service, not a rate limit (item 1)', async () => {
    up = await start([], { WA_HOOK_TEST_QUICK_SERVICE: `${api}/html502` });
    const error = await firstTunnelError(up);
    expect(error.id).toBe('quick-tunnel-service-failing');
    expect(error.message).toMatch(/quick-tunnel service is failing .*502 Bad Gateway/);
    expect(error.message).not.toMatch(/429|rate/);
    await up.waitForStderr(/Cloudflare's quick-tunnel service is failing/);
  });

  it('a real 429 / error 1015 is a rate limit', async () => {
    up = await start([], { WA_HOOK_TEST_QUICK_SERVICE: `${api}/ratelimit` });
    const error = await firstTunnelError(up);
    expect(error.id).toBe('rate-limited');
    expect(error.hint).toMatch(/wait a few minutes/);
  });

  it('an early exit keeps the error line, not the banner, and the hint names this port (items 2, 6)', async () => {
    up = await start([], { WA_HOOK_TEST_QUICK_SERVICE: `${api}/json500` });
    const port = await receiverPort(up);
    const error = await firstTunnelError(up);
    expect(error.id).toBe('exited-early');
    expect(error.message).toMatch(/failed to parse quick Tunnel ID: invalid UUID length: 0$/);
    expect(error.message).not.toMatch(/Thank you for trying/);
    expect(error.hint).toContain(`\`cloudflared tunnel --url http://127.0.0.1:${port}\``);
    expect(error.hint).not.toContain('8000');
  });

  it('the API answered but the edge cannot be found by DNS (item 3)', async () => {
    up = await start([], { WA_HOOK_TEST_QUICK_SERVICE: `${api}/ok` });
    const error = await firstTunnelError(up);
    expect(error.id).toBe('edge-dns-failed');
    expect(error.message).toMatch(/DNS lookup of _v2-origintunneld\._tcp\.argotunnel\.com failed/);
    expect(error.hint).toMatch(/DNS resolver/);
  });

  it('without internet the quick-tunnel request itself fails', async () => {
    up = await start([]);
    const error = await firstTunnelError(up);
    expect(error.id).toBe('quick-tunnel-request-failed');
    expect(error.message).toMatch(/api\.trycloudflare\.com/);
  });

  describe('named tunnel', () => {
    const named = ['--tunnel-name', TUNNEL_ID, '--hostname', 'hook.example.com'];

    it('a missing TUNNEL_CRED_FILE is missing credentials, with its path (item 5)', async () => {
      const path = join(temp.dir, 'nope.json');
      up = await start(named, { TUNNEL_CRED_FILE: path });
      const error = await firstTunnelError(up);
      expect(error.id).toBe('credentials-missing');
      expect(error.message).toContain(path);
      expect(error.hint).toMatch(/TUNNEL_CRED_FILE/);
    });

    it('no cert.pem for a tunnel name: not logged in', async () => {
      up = await start(['--tunnel-name', 'bot', '--hostname', 'hook.example.com']);
      const error = await firstTunnelError(up);
      expect(error.id).toBe('not-logged-in');
      expect(error.hint).toMatch(/cloudflared tunnel login/);
    });

    it('an unrecognised early exit suggests the named-tunnel command with this port (item 6)', async () => {
      const path = join(temp.dir, 'bad.json');
      await writeFile(path, 'garbage\n');
      up = await start(named, { TUNNEL_CRED_FILE: path });
      const port = await receiverPort(up);
      const error = await firstTunnelError(up);
      expect(error.id).toBe('exited-early');
      expect(error.message).toMatch(/Invalid JSON when parsing tunnel credentials file$/);
      expect(error.hint).toContain(`\`cloudflared tunnel run --url http://127.0.0.1:${port} ${TUNNEL_ID}\``);
      expect(error.hint).not.toMatch(/cloudflared tunnel --url/);
    });
  });

  describe('no cloudflared outlives `up`', () => {
    it.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)('%s while the real cloudflared runs', async (signal) => {
      // The API gives a tunnel, the edge refuses: cloudflared keeps retrying, as behind a firewall.
      up = await start([], { WA_HOOK_TEST_QUICK_SERVICE: `${api}/ok`, TUNNEL_EDGE: '127.0.0.1:9' });
      const [pid] = await waitFor(
        async () => {
          const pids = await pidsOf(cf.binary);
          return pids.length > 0 && pids;
        },
        { what: 'the real cloudflared to run', timeout: 15_000 },
      );
      // Ctrl-C signals the whole foreground group: wa-hook and cloudflared both get SIGINT.
      if (signal === 'SIGINT') process.kill(pid!, 'SIGINT');
      await up.stop(signal);
      const left = await waitFor(async () => ((await pidsOf(cf.binary)).length === 0 ? [] : false), {
        what: 'every cloudflared of this test to exit',
        timeout: 10_000,
      }).catch(async () => pidsOf(cf.binary));
      for (const p of left) process.kill(p, 'SIGKILL');
      expect(left).toEqual([]);
    });
  });
});
