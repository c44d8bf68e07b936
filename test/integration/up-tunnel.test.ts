import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isPidAlive } from '../../src/platform/child-process-io.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCli, startCli } from '../helpers/run-cli.js';
import { request, startEchoOrigin } from '../helpers/echo-origin.js';
import { CLOSED_ORIGIN } from '../helpers/loopback-server.js';
import { waitFor } from '../helpers/wait-for.js';
import { startFakeLocaltunnelServer, type FakeLocaltunnelServer } from '../fixtures/fake-localtunnel-server.js';
import {
  fakePids,
  PATH_WITH_FAKES,
  PATH_WITHOUT_CLOUDFLARED,
  pidFile,
  startUpTunnel,
  type RunningUpTunnel,
} from '../helpers/start-up-tunnel.js';

const TOKEN = 'tok_tunnel_test_0123456789';
let dir: string;
let cleanup: () => Promise<void>;
let up: RunningUpTunnel | undefined;
let lt: FakeLocaltunnelServer | undefined;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  if (up && !up.exited()) await up.stop('SIGKILL');
  up = undefined;
  await lt?.close();
  lt = undefined;
  await cleanup();
});

const cfEnv = (extra: Record<string, string> = {}) => ({
  PATH: PATH_WITH_FAKES,
  HOME: dir,
  FAKE_CLOUDFLARED_PID_FILE: pidFile(dir),
  ...extra,
});
const byType = (type: string) => (e: Record<string, unknown>) => e.type === type;

describe('wa-hook up with the fake cloudflared on PATH', () => {
  it('announces the callback URL, self-tests through the tunnel, records state, and leaves nothing behind', async () => {
    up = await startUpTunnel(['--verify-token', TOKEN], { cwd: dir, env: cfEnv() });
    const tunnel = await up.waitForEvent(byType('tunnel'), 'tunnel event');
    expect(tunnel).toMatchObject({
      provider: 'cloudflared',
      clipboard: 'skipped',
      clipboardReason: 'not an interactive terminal; --clipboard forces it',
    });
    const publicUrl = String(tunnel.publicUrl);
    expect(publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(tunnel.callbackUrl).toBe(`${publicUrl}/webhook`);

    const verify = await up.waitForEvent(byType('verify'), 'self-test');
    expect(verify).toMatchObject({ ok: true, cause: 'ok', status: 200, url: `${publicUrl}/webhook` });
    const state = JSON.parse(await readFile(join(dir, '.wa-hook', 'state.json'), 'utf8'));
    expect(state).toMatchObject({ publicUrl, callbackUrl: `${publicUrl}/webhook`, provider: 'cloudflared' });

    // A real event through the public URL reaches the receiver (and the event log).
    const reply = await request(`${publicUrl}/webhook`, {
      method: 'POST',
      body: Buffer.from('{"object":"whatsapp_business_account","entry":[]}'),
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(200);
    await up.waitForEvent((e) => e.type === 'event' && e.method === 'POST', 'POST recorded');

    const [pid] = await fakePids(pidFile(dir));
    expect(isPidAlive(pid!)).toBe(true);
    expect(await up.stop('SIGTERM')).toBe(0);
    expect(up.events().at(-1)).toEqual({ type: 'stopped' });
    expect(isPidAlive(pid!)).toBe(false);
    await expect(access(join(dir, '.wa-hook', 'state.json'))).rejects.toThrow();
    // stdout carried only JSON; the copy-paste block is human output on stderr.
    expect(up.stderr()).not.toContain('Paste into Meta');
  });

  it('copies the callback URL with --clipboard through xsel (fake, DISPLAY set only here)', async () => {
    const file = join(dir, 'clipboard.txt');
    up = await startUpTunnel(['--verify-token', TOKEN, '--clipboard'], {
      cwd: dir,
      env: cfEnv({ DISPLAY: ':99', FAKE_XSEL_FILE: file }),
    });
    const tunnel = await up.waitForEvent(byType('tunnel'), 'tunnel event');
    expect(tunnel.clipboard).toBe('copied');
    expect(await readFile(file, 'utf8')).toBe(tunnel.callbackUrl);
  });

  it('prints the copy-paste block with the masked token in human mode', async () => {
    const cli = startCli(['up', '--port', '0', '--verify-token', TOKEN, '--no-clipboard'], { cwd: dir, env: cfEnv() });
    let stderr = '';
    cli.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    await waitFor(() => stderr.includes('subscribe to messages'), { what: 'paste block', timeout: 15_000 });
    cli.kill('SIGINT');
    expect((await cli).exitCode).toBe(0);
    expect(stderr).toMatch(/✔ public URL ready \(cloudflared\): http:\/\/127\.0\.0\.1:\d+/);
    expect(stderr).toMatch(/clipboard: skipped — --no-clipboard/);
    expect(stderr).toMatch(/✔ self-test passed through the public URL/);
    expect(stderr).toMatch(/\n {4}http:\/\/127\.0\.0\.1:\d+\/webhook\n/);
    expect(stderr).toContain('Verify token:  tok_…');
    expect(stderr).not.toContain(TOKEN);
    expect(stderr).toMatch(/quick-tunnel URL changes every time/);
  });

  it('restarts a crashed tunnel and says the URL CHANGED', async () => {
    up = await startUpTunnel(['--verify-token', TOKEN], {
      cwd: dir,
      env: cfEnv({ FAKE_CLOUDFLARED_FAIL: 'crash-after-ready', FAKE_CLOUDFLARED_CRASH_MS: '1500' }),
    });
    const first = await up.waitForEvent(byType('tunnel'), 'first tunnel');
    const down = await up.waitForEvent((e) => e.type === 'error' && e.wasUp === true, 'tunnel down');
    expect(down).toMatchObject({ source: 'tunnel', id: 'tunnel-exited' });
    const restarted = await up.waitForEvent(byType('tunnel-restarted'), 'restart');
    expect(restarted).toMatchObject({
      changed: true,
      provider: 'cloudflared',
      previousCallbackUrl: first.callbackUrl,
      clipboard: 'skipped',
    });
    expect(restarted.callbackUrl).not.toBe(first.callbackUrl);
    await up.waitForStderr(`the public URL CHANGED: ${String(restarted.callbackUrl)}`);
    await up.waitForStderr(/update the Callback URL in Meta's dashboard/);
    const state = JSON.parse(await readFile(join(dir, '.wa-hook', 'state.json'), 'utf8'));
    expect(state.callbackUrl).toBe(restarted.callbackUrl);
  });

  it.each([
    [
      'request',
      {},
      [],
      'quick-tunnel-request-failed',
      /no public URL yet: could not request a quick tunnel.*\n.*→ check your internet connection/,
    ],
    [
      'ratelimit',
      {},
      [],
      'rate-limited',
      /no public URL yet: trycloudflare\.com refused a new quick tunnel: rate limited.*\n.*→ wait a few minutes/,
    ],
    ['metrics-busy', {}, [], 'metrics-busy', /no public URL yet: cloudflared could not open its metrics port/],
    [
      'never-ready',
      { WA_HOOK_TUNNEL_TIMEOUT: '2' },
      [],
      'edge-unreachable',
      /did not connect to Cloudflare's edge over QUIC.*within 2 s.*\n.*--protocol http2/,
    ],
    [
      'login',
      {},
      ['--tunnel-name', 'bot', '--hostname', 'hook.example.com'],
      'not-logged-in',
      /not logged in.*\n.*cloudflared tunnel login/,
    ],
    [
      'credentials',
      {},
      ['--tunnel-name', 'bot', '--hostname', 'hook.example.com'],
      'credentials-missing',
      /credentials file.*\n.*cloudflared tunnel create NAME/,
    ],
  ])('FAKE_CLOUDFLARED_FAIL=%s: one line + hint, receiver keeps running', async (mode, extraEnv, args, id, line) => {
    up = await startUpTunnel(['--verify-token', TOKEN, ...args], {
      cwd: dir,
      env: cfEnv({ FAKE_CLOUDFLARED_FAIL: mode, ...extraEnv }),
    });
    const error = await up.waitForEvent((e) => e.type === 'error' && e.source === 'tunnel', 'tunnel error');
    expect(error).toMatchObject({ id, wasUp: false });
    expect(Number(error.retryInMs)).toBeGreaterThan(0);
    await up.waitForStderr(line);
    // The hint is its own write: wait for it rather than read stderr at the instant the first line arrived.
    await up.waitForStderr(/the local receiver keeps running; retrying in \d+ s/);
    const ready = up.events().find(byType('ready'))!;
    expect(
      (
        await request(`${String(ready.localUrl)}?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=42`)
      ).body.toString(),
    ).toBe('42');
    expect(await up.stop('SIGTERM')).toBe(0);
    for (const pid of await fakePids(pidFile(dir))) expect(isPidAlive(pid)).toBe(false);
  });

  it('says how to install cloudflared when --tunnel cloudflared is asked for but missing', async () => {
    up = await startUpTunnel(['--tunnel', 'cloudflared'], { cwd: dir, env: { PATH: PATH_WITHOUT_CLOUDFLARED } });
    await up.waitForEvent((e) => e.type === 'error' && e.id === 'cloudflared-missing', 'missing binary');
    await up.waitForStderr(
      /cloudflared is not installed \(not found on PATH\)\n.*→ install it with .*(apt|brew|winget)/,
    );
    // Not retried forever: after a few attempts one line says it stopped, and what to do.
    await up.waitForEvent((e) => e.type === 'error' && e.gaveUp === true, 'giving up');
    await up.waitForStderr(/✖ stopped retrying after 3 attempts: cloudflared is not installed/);
  });

  it('stops at once when signalled while the tunnel is still connecting', async () => {
    // A tunnel timeout far beyond the test timeout: a start() left pending would keep up alive.
    up = await startUpTunnel(['--verify-token', TOKEN], {
      cwd: dir,
      env: cfEnv({ FAKE_CLOUDFLARED_READY_MS: '600000', WA_HOOK_TUNNEL_TIMEOUT: '600' }),
    });
    await waitFor(async () => (await fakePids(pidFile(dir))).length === 1, { what: 'cloudflared spawned' });
    expect(await up.stop('SIGTERM')).toBe(0);
    for (const pid of await fakePids(pidFile(dir))) expect(isPidAlive(pid)).toBe(false);
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGKILL'] as const)('no cloudflared survives %s of up', async (signal) => {
    up = await startUpTunnel(['--verify-token', TOKEN], { cwd: dir, env: cfEnv() });
    await up.waitForEvent(byType('tunnel'), 'tunnel');
    const pids = await fakePids(pidFile(dir));
    expect(pids).toHaveLength(1);
    expect(isPidAlive(pids[0]!)).toBe(true);
    const code = await up.stop(signal);
    if (signal !== 'SIGKILL') expect(code).toBe(0);
    await waitFor(() => !isPidAlive(pids[0]!), { what: `cloudflared gone after ${signal}` });
  });
});

describe('wa-hook up with localtunnel (fake server)', () => {
  it('is the default without cloudflared, passes the self-test past the reminder page', async () => {
    lt = await startFakeLocaltunnelServer({ reminder: true });
    up = await startUpTunnel(['--verify-token', TOKEN], {
      cwd: dir,
      env: { PATH: PATH_WITHOUT_CLOUDFLARED, WA_HOOK_LOCALTUNNEL_HOST: lt.url },
    });
    const tunnel = await up.waitForEvent(byType('tunnel'), 'tunnel');
    expect(tunnel).toMatchObject({ provider: 'localtunnel' });
    const verify = await up.waitForEvent(byType('verify'), 'self-test');
    expect(verify).toMatchObject({ ok: true });
    const probe = lt.requests.find((r) => r.server === 'public' && r.url.includes('hub.challenge'))!;
    expect(probe.headers['bypass-tunnel-reminder']).toBe('1');
    expect(probe.headers['user-agent']).toBe('facebookexternalua');
    // A browser without the header would have been stopped by the reminder page.
    expect(
      (await request(String(tunnel.callbackUrl), { headers: { 'user-agent': 'Mozilla/5.0 Chrome/126' } })).status,
    ).toBe(401);
  });

  it('asks for --subdomain and announces the new URL after a server restart', async () => {
    lt = await startFakeLocaltunnelServer();
    up = await startUpTunnel(['--verify-token', TOKEN, '--tunnel', 'localtunnel', '--subdomain', 'my-bot-hook'], {
      cwd: dir,
      env: { PATH: PATH_WITH_FAKES, WA_HOOK_LOCALTUNNEL_HOST: lt.url },
    });
    const first = await up.waitForEvent(byType('tunnel'), 'tunnel');
    expect(lt.requests[0]!.url).toBe('/my-bot-hook');
    await up.waitForEvent(byType('verify'), 'first self-test');
    await lt.restart();
    const restarted = await up.waitForEvent(byType('tunnel-restarted'), 'url changed');
    expect(restarted).toMatchObject({ changed: true, previousCallbackUrl: first.callbackUrl });
    await up.waitForStderr('the public URL CHANGED');
    await waitFor(() => up!.events().filter(byType('verify')).length === 2, { what: 'second self-test' });
    expect(up.events().filter(byType('verify')).at(-1)).toMatchObject({ ok: true });
  });

  it('keeps the receiver and retries when the localtunnel server is unreachable', async () => {
    up = await startUpTunnel(['--tunnel', 'localtunnel'], {
      cwd: dir,
      env: { PATH: PATH_WITH_FAKES, WA_HOOK_LOCALTUNNEL_HOST: CLOSED_ORIGIN },
    });
    await up.waitForEvent((e) => e.type === 'error' && e.id === 'localtunnel-unreachable', 'unreachable');
    await up.waitForStderr(
      /no public URL yet: cannot reach the localtunnel server .*ECONNREFUSED.*\n.*→ check your internet connection/,
    );
    expect(await up.stop('SIGINT')).toBe(0);
  });
});

describe('wa-hook up --public-url', () => {
  it('starts no tunnel but copies, self-tests and records the given URL', async () => {
    // Stands for the user's own reverse proxy: it answers Meta's handshake for the public URL.
    const proxy = await startEchoOrigin();
    try {
      up = await startUpTunnel(['--verify-token', TOKEN, '--public-url', `http://127.0.0.1:${proxy.port}/wa/`], {
        cwd: dir,
        env: cfEnv(),
      });
      const tunnel = await up.waitForEvent(byType('tunnel'), 'tunnel');
      expect(tunnel).toMatchObject({
        provider: 'public-url',
        publicUrl: `http://127.0.0.1:${proxy.port}/wa`,
        callbackUrl: `http://127.0.0.1:${proxy.port}/wa/webhook`,
        clipboard: 'skipped',
      });
      expect(await up.waitForEvent(byType('verify'), 'self-test')).toMatchObject({ ok: true });
      expect(proxy.requests[0]!.url).toMatch(/^\/wa\/webhook\?hub\.mode=subscribe&/);
      expect(await fakePids(pidFile(dir))).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

describe('wa-hook up --forward-to with a tunnel', () => {
  it("self-tests the backend's handshake through the tunnel and flags a backend that accepts any token", async () => {
    const backend = await startEchoOrigin();
    try {
      up = await startUpTunnel(
        ['--verify-token', TOKEN, '--forward-to', `http://127.0.0.1:${backend.port}/api/v1/webhooks/whatsapp`],
        { cwd: dir, env: cfEnv() },
      );
      const tunnel = await up.waitForEvent(byType('tunnel'), 'tunnel');
      expect(String(tunnel.callbackUrl)).toMatch(/\/api\/v1\/webhooks\/whatsapp$/);
      const verify = await up.waitForEvent(byType('verify'), 'self-test');
      expect(verify).toMatchObject({ ok: true, warnings: [expect.objectContaining({ cause: 'accepts-any-token' })] });
      expect(
        backend.requests.filter((r) => r.url.startsWith('/api/v1/webhooks/whatsapp?hub.mode=subscribe')),
      ).toHaveLength(2);
    } finally {
      await backend.close();
    }
  });
});

describe('wa-hook up: public-side usage errors (exit 2, nothing started)', () => {
  it.each([
    [['--tunnel-name', 'bot'], /--tunnel-name and --hostname go together/],
    [['--subdomain', 'Ab'], /invalid --subdomain "Ab"/],
    [
      ['--public-url', 'https://hook.example.com', '--tunnel', 'cloudflared'],
      /--public-url starts no tunnel: drop --tunnel cloudflared/,
    ],
    [['--public-url', 'ftp://x'], /--public-url must be https:\/\//],
    [
      ['--tunnel', 'localtunnel', '--tunnel-name', 'bot', '--hostname', 'h.example.com'],
      /are for cloudflared named tunnels/,
    ],
    [['--tunnel', 'cloudflared', '--subdomain', 'my-bot-hook'], /--subdomain is for localtunnel/],
  ])('up %j', async (args, message) => {
    const result = await runCli(['up', '--port', '0', ...args], { cwd: dir, env: cfEnv() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(await fakePids(pidFile(dir))).toEqual([]);
  });
});
