import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile, access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCloudflaredTunnel } from '../../src/tunnels/cloudflared/tunnel-io.js';
import type { Tunnel, TunnelFailure } from '../../src/tunnels/types.js';
import { isPidAlive } from '../../src/platform/child-process-io.js';
import { findOnPath } from '../../src/tunnels/registry-io.js';
import { startEchoOrigin, request } from '../helpers/echo-origin.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startFailure } from '../helpers/tunnel-failure.js';
import { waitFor } from '../helpers/wait-for.js';

const FAKE_BIN = fileURLToPath(new URL('../fixtures/bin', import.meta.url));

let origin: Awaited<ReturnType<typeof startEchoOrigin>>;
let temp: Awaited<ReturnType<typeof makeTempDir>>;
const tunnels: Tunnel[] = [];

beforeEach(async () => {
  origin = await startEchoOrigin();
  temp = await makeTempDir();
});
afterEach(async () => {
  await Promise.all(tunnels.splice(0).map((t) => t.stop()));
  await origin.close();
  await temp.cleanup();
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${FAKE_BIN}${delimiter}${process.env.PATH}`,
    HOME: temp.dir,
    FAKE_CLOUDFLARED_ARGV_FILE: join(temp.dir, 'argv.json'),
    ...extra,
  };
}

function tunnel(options: Partial<Parameters<typeof createCloudflaredTunnel>[0]> = {}): Tunnel {
  const t = createCloudflaredTunnel({ port: origin.port, env: env(), ...options });
  tunnels.push(t);
  return t;
}

describe('cloudflared adapter against the fake cloudflared', () => {
  it('finds the fake on PATH', async () => {
    expect(await findOnPath('cloudflared', env())).toBe(join(FAKE_BIN, 'cloudflared'));
    expect(await findOnPath('cloudflared', { PATH: temp.dir })).toBeUndefined();
  });

  it('starts a quick tunnel with the isolating command line and relays requests byte-exact', async () => {
    const t = tunnel();
    const url = await t.start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const argv = JSON.parse(await readFile(join(temp.dir, 'argv.json'), 'utf8')) as string[];
    expect(argv).toEqual([
      'tunnel',
      '--no-autoupdate',
      '--config',
      expect.stringMatching(/cf\.yml$/),
      '--metrics',
      '127.0.0.1:0',
      '--grace-period',
      '1s',
      '--url',
      `http://127.0.0.1:${origin.port}`,
    ]);
    const configFile = argv[3]!;
    expect((await readFile(configFile, 'utf8')).trim()).toBe('{}');

    const body = Buffer.concat([Buffer.from('{"text":"Привет 👋 \\u00e9"}'), Buffer.from([0x00, 0xff, 0xfe, 0x0a])]);
    const reply = await request(`${url}/webhook?x=1&y=%20`, {
      method: 'POST',
      body,
      headers: { 'X-Hub-Signature-256': 'sha256=abc', 'Content-Type': 'application/json' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(Buffer.concat([Buffer.from('echo:'), body]));
    const seen = origin.requests.at(-1)!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/webhook?x=1&y=%20');
    expect(seen.body).toEqual(body);
    expect(seen.rawHeaders).toContain('X-Hub-Signature-256');
    expect(seen.headers['x-hub-signature-256']).toBe('sha256=abc');
    expect(seen.headers['x-forwarded-proto']).toBe('https');
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers.host).toBe(new URL(url).host);

    const pid = t.pids[0]!;
    expect(isPidAlive(pid)).toBe(true);
    await t.stop();
    expect(isPidAlive(pid)).toBe(false);
    await expect(access(configFile)).rejects.toThrow();
  });

  it('is not hijacked by an ingress rule in ~/.cloudflared/config.yml (config trap)', async () => {
    await mkdir(join(temp.dir, '.cloudflared'));
    await writeFile(join(temp.dir, '.cloudflared', 'config.yml'), 'ingress:\n  - service: http_status:404\n');
    const url = await tunnel().start();
    expect((await request(`${url}/webhook`)).status).toBe(200);
  });

  it('answers 530 / error 1033 before registration and is announced only once ready', async () => {
    let early: { status: number; body: string } | undefined;
    const pending: Array<Promise<void>> = [];
    const t = tunnel({
      env: env({ FAKE_CLOUDFLARED_READY_MS: '800' }),
      onLine: (line) => {
        const m = /\|\s+(http:\/\/[^\s|]+)\s+\|/.exec(line);
        if (m) pending.push(request(m[1]!).then((r) => void (early = { status: r.status, body: r.body.toString() })));
      },
    });
    await t.start();
    await Promise.all(pending);
    expect(early).toEqual({ status: 530, body: 'error code: 1033' });
  });

  it.each([
    ['request', 'quick-tunnel-request-failed', /internet connection/],
    ['ratelimit', 'rate-limited', /localtunnel/],
    ['metrics-busy', 'metrics-busy', /port/],
  ])('FAKE_CLOUDFLARED_FAIL=%s fails start with %s', async (mode, id, hint) => {
    const t = tunnel({ env: env({ FAKE_CLOUDFLARED_FAIL: mode, FAKE_CLOUDFLARED_PID_FILE: join(temp.dir, 'pids') }) });
    const failure = await startFailure(t);
    expect(failure.id).toBe(id);
    expect(failure.hint).toMatch(hint);
    const pid = Number((await readFile(join(temp.dir, 'pids'), 'utf8')).trim());
    expect(isPidAlive(pid)).toBe(false);
  });

  it('treats Incorrect Usage with exit 0 as a failure', async () => {
    const failure = await startFailure(tunnel({ env: env({ FAKE_CLOUDFLARED_REJECT_FLAGS: 'metrics' }) }));
    expect(failure.id).toBe('incorrect-usage');
    expect(failure.message).toContain('-metrics');
  });

  it('gives up on a tunnel that never registers, kills it and suggests http2', async () => {
    // The deadline ends when the behaviour under test happened (a QUIC dial failure was printed), not after
    // a guessed number of seconds that a loaded machine can exceed.
    let expire: (() => void) | undefined;
    let sawDialFailure = false;
    let sawPreChecks = false;
    const fireWhenReady = () => {
      // After this turn: the adapter reads the line after handing it to onLine.
      const fire = expire;
      if (sawDialFailure && sawPreChecks && fire) {
        expire = undefined;
        setImmediate(fire);
      }
    };
    const t = tunnel({
      env: env({
        FAKE_CLOUDFLARED_FAIL: 'never-ready',
        FAKE_CLOUDFLARED_PRECHECKS_MS: '300',
        FAKE_CLOUDFLARED_PID_FILE: join(temp.dir, 'pids'),
      }),
      readyTimeoutMs: 2500,
      readyTimer: (ms, fire) => {
        if (ms === 2500) expire = fire;
        fireWhenReady();
        return () => (expire = undefined);
      },
      onLine: (line) => {
        if (/Failed to dial a quic connection/.test(line)) sawDialFailure = true;
        // The hint quotes the pre-checks box: wait for its summary row too (printed after FAKE_CLOUDFLARED_PRECHECKS_MS).
        if (/SUMMARY: Environment has critical failures/.test(line)) sawPreChecks = true;
        fireWhenReady();
      },
    });
    const failure = await startFailure(t);
    expect(failure.id).toBe('edge-unreachable');
    expect(failure.message).toMatch(/over QUIC.*last error: failed to dial to edge with quic/);
    expect(failure.hint).toMatch(/--protocol http2/);
    expect(failure.hint).toMatch(
      /pre-checks say "Allow outbound QUIC traffic on port 7844 or use HTTP2; Allow outbound TCP/,
    );
    const pid = Number((await readFile(join(temp.dir, 'pids'), 'utf8')).trim());
    expect(isPidAlive(pid)).toBe(false);
  });

  it('passes --protocol http2 before the subcommand when asked', async () => {
    await tunnel({ protocol: 'http2' }).start();
    const argv = JSON.parse(await readFile(join(temp.dir, 'argv.json'), 'utf8')) as string[];
    expect(argv.slice(0, 8)).toEqual([
      'tunnel',
      '--no-autoupdate',
      '--config',
      argv[3],
      '--metrics',
      '127.0.0.1:0',
      '--protocol',
      'http2',
    ]);
  });

  it('reports the binary missing with an install hint', async () => {
    const failure = await startFailure(tunnel({ env: { ...env(), PATH: temp.dir } }));
    expect(failure.id).toBe('cloudflared-missing');
    expect(failure.hint).toMatch(/install/);
  });

  it('emits down when cloudflared dies after it was ready', async () => {
    const t = tunnel({ env: env({ FAKE_CLOUDFLARED_FAIL: 'crash-after-ready', FAKE_CLOUDFLARED_CRASH_MS: '300' }) });
    const down = new Promise<TunnelFailure>((resolve) => t.on('down', resolve));
    await t.start();
    const failure = await down;
    expect(failure.id).toBe('tunnel-exited');
    expect(failure.message).toMatch(/code 1/);
  });

  it('reports an unreachable origin as a non-fatal error while the tunnel keeps running', async () => {
    const t = tunnel();
    const url = await t.start();
    const errors: TunnelFailure[] = [];
    t.on('error', (f) => errors.push(f));
    await origin.close();
    expect((await request(`${url}/webhook`)).status).toBe(502);
    await waitFor(() => errors.find((f) => f.id === 'origin-unreachable'), { what: 'origin-unreachable' });
    expect(isPidAlive(t.pids[0]!)).toBe(true);
  });

  it.each([
    ['after cloudflared was spawned', true],
    ['before anything was spawned', false],
  ])('stop() while starting (%s) ends start() and leaves no process', async (_name, waitForSpawn) => {
    const pids = join(temp.dir, 'pids');
    const t = tunnel({
      env: env({ FAKE_CLOUDFLARED_READY_MS: '600000', FAKE_CLOUDFLARED_PID_FILE: pids }),
      readyTimeoutMs: 600_000,
    });
    const starting = t.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (waitForSpawn) await waitFor(() => t.pids.length > 0, { what: 'spawn' });
    const spawned = [...t.pids];
    await t.stop();
    expect(await starting).toMatchObject({ failure: { id: 'stopped' } });
    expect(spawned).toHaveLength(waitForSpawn ? 1 : 0);
    for (const pid of spawned) expect(isPidAlive(pid)).toBe(false);
    if (!waitForSpawn) expect(await readFile(pids, 'utf8').catch(() => '')).toBe('');
  });

  describe('named tunnel', () => {
    it('runs NAME last after `run --url` and announces https://HOST', async () => {
      const url = await tunnel({ tunnelName: 'bot', hostname: 'hook.example.com' }).start();
      expect(url).toBe('https://hook.example.com');
      const argv = JSON.parse(await readFile(join(temp.dir, 'argv.json'), 'utf8')) as string[];
      expect(argv.slice(-4)).toEqual(['run', '--url', `http://127.0.0.1:${origin.port}`, 'bot']);
      expect(argv).not.toContain('--grace-period');
    });

    it.each([
      ['login', 'not-logged-in', /cloudflared tunnel login/],
      ['credentials', 'credentials-missing', /cloudflared tunnel create/],
    ])('FAKE_CLOUDFLARED_FAIL=%s → %s', async (mode, id, hint) => {
      const failure = await startFailure(
        tunnel({ tunnelName: 'bot', hostname: 'hook.example.com', env: env({ FAKE_CLOUDFLARED_FAIL: mode }) }),
      );
      expect(failure.id).toBe(id);
      expect(failure.hint).toMatch(hint);
    });
  });
});
