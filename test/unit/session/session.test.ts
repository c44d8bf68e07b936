/**
 * The `up` session in-process, as `wa-hook test` and Local WhatsApp start it: a real receiver on a free
 * loopback port, real HTTP (undici), the real event log on disk; the typed events are what is asserted.
 */
import { once } from 'node:events';
import { readFile, access } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../../src/config/resolve.js';
import { DEFAULT_KEEP, DEFAULT_MAX_BYTES } from '../../../src/events/log/options.js';
import { signBody } from '../../../src/verification/signature.js';
import type { UpSessionConfig } from '../../../src/session/config.js';
import type { RequestEvent, UpEvent } from '../../../src/session/events.js';
import { createUpSession, type UpSession } from '../../../src/session/session-io.js';
import { stateFileListener } from '../../../src/session/state-file-io.js';
import { findById } from '../../../src/events/log/reader-io.js';
import { ensureStateDir } from '../../../src/state/state-dir-io.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { textBody } from '../../helpers/event-log-fixture.js';

const APP_SECRET = '0123456789abcdef0123456789abcdef';
const VERIFY_TOKEN = 'a-long-random-verify-token-for-tests-4f9c2';

function sessionConfig(
  cwd: string,
  values: LoadedConfig['values'],
  extra: Partial<UpSessionConfig> = {},
): UpSessionConfig {
  const sources = Object.fromEntries(Object.keys(values).map((k) => [k, 'flag'])) as LoadedConfig['sources'];
  return {
    cwd,
    env: {},
    log: { maxBytes: DEFAULT_MAX_BYTES, keep: DEFAULT_KEEP, fsync: false },
    loaded: {
      values,
      sources,
      dotenv: { path: join(cwd, '.env'), found: false, values: {} },
      port: 0,
      path: '/webhook',
    },
    port: 0,
    path: '/webhook',
    publicSide: { kind: 'none' },
    echo: false,
    register: false,
    showToken: false,
    interactive: false,
    ...extra,
  };
}

/** The error code of a fresh TCP connection to 127.0.0.1:port, or 'connected'. */
async function connectError(port: number): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  try {
    await once(socket, 'connect');
    return 'connected';
  } catch (error) {
    return String((error as NodeJS.ErrnoException).code);
  } finally {
    socket.destroy();
  }
}

describe('the up session', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let session: UpSession | undefined;
  const events: UpEvent[] = [];
  const types = () => events.map((e) => e.type);

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir('wa-hook-session-'));
    await ensureStateDir(dir);
    events.length = 0;
  });
  afterEach(async () => {
    await session?.stop();
    session = undefined;
    await cleanup();
  });

  it('emits ready, then a typed request event for a signed POST whose record is on disk; stop emits stopped and frees the port', async () => {
    session = createUpSession(sessionConfig(dir, { appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN }));
    session.on((event) => void events.push(event));
    const ready = await session.start();
    expect(ready).toMatchObject({ type: 'ready', path: '/webhook', publicSide: 'none', verifyTokenSource: 'flag' });
    expect(ready.port).toBeGreaterThan(0);
    expect(ready.localUrl).toBe(`http://127.0.0.1:${ready.port}/webhook`);
    expect(ready.appSecretFingerprint).toMatch(/\S/);
    expect(types()).toEqual(['ready']);

    const body = textBody('16505551234', 'hello session');
    const res = await request(ready.localUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, APP_SECRET) },
      body,
    });
    await res.body.text();
    expect(res.statusCode).toBe(200);
    const seen = await expect
      .poll(() => events.find((e): e is RequestEvent => e.type === 'request'))
      .toBeDefined()
      .then(() => events.find((e): e is RequestEvent => e.type === 'request')!);
    expect(seen.record).toMatchObject({
      method: 'POST',
      url: '/webhook',
      kind: 'event',
      status: 200,
      signature: 'valid',
    });
    expect(seen.payload).toEqual(JSON.parse(body));

    // The same record is in the event log, with the exact bytes received.
    expect((await readFile(ready.eventLog, 'utf8')).trim().split('\n')).toHaveLength(1);
    const stored = await findById(ready.eventLog, seen.record.id);
    expect(stored).toMatchObject({ id: seen.record.id, status: 200, kind: 'event', body });

    await session.stop();
    expect(types().slice(-2)).toEqual(['stopping', 'stopped']);
    // The port is closed: a new connection is refused.
    expect(await connectError(ready.port)).toBe('ECONNREFUSED');
    // stop() is idempotent: no second `stopped`.
    await session.stop();
    expect(types().filter((t) => t === 'stopped')).toHaveLength(1);
  });

  it('refuses a forged POST with a request event carrying the status and the fix', async () => {
    session = createUpSession(sessionConfig(dir, { appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN }));
    session.on((event) => void events.push(event));
    const ready = await session.start();
    const body = textBody('16505551234', 'forged');
    const res = await request(ready.localUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, 'f'.repeat(32)) },
      body,
    });
    await res.body.text();
    expect(res.statusCode).toBe(401);
    await expect
      .poll(() => events.find((e) => e.type === 'request'))
      .toMatchObject({
        type: 'request',
        record: { status: 401, kind: 'rejected', signature: 'invalid' },
        hint: expect.stringMatching(/\S/) as unknown,
      });
  });

  it('says secret-shape warnings before ready, and the --register refusal too', async () => {
    session = createUpSession(
      sessionConfig(dir, { verifyToken: `EAAGm0PX4ZCps${'B'.repeat(60)}` }, { register: true }),
    );
    session.on((event) => void events.push(event));
    await session.start();
    const readyAt = types().indexOf('ready');
    const warnings = events.filter((e) => e.type === 'warning');
    expect(warnings.map((w) => w.source)).toEqual(expect.arrayContaining(['config', 'register']));
    expect(warnings.some((w) => w.type === 'warning' && /access token/.test(w.message))).toBe(true);
    expect(events.findIndex((e) => e.type === 'warning')).toBeLessThan(readyAt);
    expect(types().lastIndexOf('warning')).toBeLessThan(readyAt);
  });

  it('state.json is on disk when later subscribers see ready, and gone once stopped', async () => {
    const statePath = join(dir, '.wa-hook', 'state.json');
    const seenAtReady: unknown[] = [];
    session = createUpSession(sessionConfig(dir, { verifyToken: VERIFY_TOKEN }), {
      listeners: [
        stateFileListener(dir),
        async (event) => {
          if (event.type === 'ready') seenAtReady.push(JSON.parse(await readFile(statePath, 'utf8')));
        },
      ],
    });
    const ready = await session.start();
    expect(seenAtReady).toEqual([
      expect.objectContaining({
        pid: process.pid,
        instanceId: ready.instanceId,
        localUrl: ready.localUrl,
        port: ready.port,
        verifyToken: VERIFY_TOKEN,
        verifyTokenSource: 'flag',
      }),
    ]);
    await session.stop();
    await expect(access(statePath)).rejects.toThrow();
  });

  it('generates and keeps a verify token when none is configured (not in forward mode)', async () => {
    session = createUpSession(sessionConfig(dir, {}));
    const ready = await session.start();
    expect(ready.verifyTokenSource).toBe('generated');
    expect((await readFile(join(dir, '.wa-hook', 'verify-token'), 'utf8')).trim()).toBe(ready.verifyToken);
  });

  it('a taken port: start rejects with the hint, nothing emitted, nothing left listening', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as { port: number };
    try {
      session = createUpSession(sessionConfig(dir, { verifyToken: VERIFY_TOKEN }, { port }));
      session.on((event) => void events.push(event));
      await expect(session.start()).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
      expect(types()).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('starts the inspector as a part: its URL is in ready, it serves until stop', async () => {
    session = createUpSession(sessionConfig(dir, { verifyToken: VERIFY_TOKEN }, { inspectPort: 0 }));
    const ready = await session.start();
    // The page's URL carries the per-session API token in its fragment (never sent to the server).
    expect(ready.inspectorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
    const page = await request(ready.inspectorUrl!);
    await page.body.text();
    expect(page.statusCode).toBe(200);
    await session.stop();
    expect(await connectError(Number(new URL(ready.inspectorUrl!).port))).toBe('ECONNREFUSED');
  });

  it('starts extra parts (the --local seam) between the receiver and ready, closes them before the receiver', async () => {
    const order: string[] = [];
    session = createUpSession(sessionConfig(dir, { verifyToken: VERIFY_TOKEN }), {
      listeners: [(event) => void order.push(event.type)],
      parts: [
        async (host) => {
          order.push(`part started at ${host.port === 0 ? 'no port' : 'a port'}`);
          host.emit({ type: 'graph-call', method: 'POST', path: '/v24.0/1/messages', status: 200 });
          return { close: async () => void order.push('part closed') };
        },
      ],
    });
    await session.start();
    await session.stop();
    expect(order).toEqual(['part started at a port', 'graph-call', 'ready', 'stopping', 'part closed', 'stopped']);
  });
});
