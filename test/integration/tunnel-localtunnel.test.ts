import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocaltunnelTunnel, localtunnelHost } from '../../src/tunnels/localtunnel/tunnel-io.js';
import type { Tunnel } from '../../src/tunnels/types.js';
import { startFakeLocaltunnelServer, type FakeLocaltunnelServer } from '../fixtures/fake-localtunnel-server.js';
import { startEchoOrigin, request } from '../helpers/echo-origin.js';
import { startFailure } from '../helpers/tunnel-failure.js';
import { waitFor } from '../helpers/wait-for.js';
import { CLOSED_ORIGIN } from '../helpers/loopback-server.js';

let origin: Awaited<ReturnType<typeof startEchoOrigin>>;
let server: FakeLocaltunnelServer;
const tunnels: Tunnel[] = [];

beforeEach(async () => {
  origin = await startEchoOrigin();
  server = await startFakeLocaltunnelServer({ maxConnCount: 3 });
});
afterEach(async () => {
  await Promise.all(tunnels.splice(0).map((t) => t.stop()));
  await server.close();
  await origin.close();
});

function tunnel(options: { subdomain?: string; host?: string; readyTimeoutMs?: number } = {}): Tunnel {
  const t = createLocaltunnelTunnel({ port: origin.port, env: { WA_HOOK_LOCALTUNNEL_HOST: server.url }, ...options });
  tunnels.push(t);
  return t;
}

async function connectedSockets(id: string): Promise<number> {
  const reply = await request(`${server.url}/api/tunnels/${id}/status`);
  return reply.status === 200
    ? (JSON.parse(reply.body.toString()) as { connected_sockets: number }).connected_sockets
    : -1;
}

describe('localtunnel adapter against the fake server', () => {
  it.each([
    [{ host: 'http://h:1/' }, {}, 'http://h:1'],
    [{}, { WA_HOOK_LOCALTUNNEL_HOST: 'http://env:2' }, 'http://env:2'],
    [{ host: 'http://opt:3' }, { WA_HOOK_LOCALTUNNEL_HOST: 'http://env:2' }, 'http://opt:3'],
    [{}, {}, 'https://localtunnel.me'],
  ])('host %j with env %j → %s', (options, env, expected) => {
    expect(localtunnelHost({ ...options, env })).toBe(expected);
  });

  it('registers with ?new, fills the socket pool and relays requests byte-exact', async () => {
    const url = await tunnel().start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.requests[0]).toMatchObject({ server: 'control', url: '/?new' });
    const id = [...server.clients.keys()][0]!;
    await waitFor(async () => (await connectedSockets(id)) === 3, { what: 'three pooled sockets' });

    const body = Buffer.concat([Buffer.from('{"text":"Привет 👋"}'), Buffer.from([0x00, 0xff, 0x0d, 0x0a])]);
    for (let i = 0; i < 5; i += 1) {
      const reply = await request(`${url}/webhook?n=${i}`, {
        method: 'POST',
        body,
        headers: { 'X-Hub-Signature-256': 'sha256=abc' },
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual(Buffer.concat([Buffer.from('echo:'), body]));
    }
    const seen = origin.requests.at(-1)!;
    expect(seen.url).toBe('/webhook?n=4');
    expect(seen.body).toEqual(body);
    expect(seen.rawHeaders).toContain('X-Hub-Signature-256');
  });

  it('asks for the requested subdomain', async () => {
    await tunnel({ subdomain: 'my-bot-hook' }).start();
    expect(server.requests[0]!.url).toBe('/my-bot-hook');
    expect(server.clients.has('my-bot-hook')).toBe(true);
  });

  it('rejects an invalid subdomain with the hint before asking the server', async () => {
    const failure = await startFailure(tunnel({ subdomain: 'Ab' }));
    expect(failure.id).toBe('invalid-subdomain');
    expect(failure.hint).toMatch(/--subdomain/);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['status500', 'localtunnel-status', /answered 500/],
    ['badJson', 'localtunnel-bad-reply', /unexpected reply/],
    ['hang', 'localtunnel-unreachable', /no answer within/],
  ] as const)('failNew=%s → %s', async (mode, id, message) => {
    server.options.failNew = mode;
    // Only the hanging server needs the deadline; the others answer, however slowly a loaded machine runs.
    const failure = await startFailure(tunnel(mode === 'hang' ? { readyTimeoutMs: 1500 } : {}));
    expect(failure.id).toBe(id);
    expect(failure.message).toMatch(message);
    expect(failure.hint).toBeTruthy();
  });

  it('says the server is unreachable when nothing listens', async () => {
    const failure = await startFailure(tunnel({ host: CLOSED_ORIGIN }));
    expect(failure.id).toBe('localtunnel-unreachable');
    expect(failure.message).toMatch(/ECONNREFUSED/);
    expect(failure.hint).toMatch(/WA_HOOK_LOCALTUNNEL_HOST/);
  });

  it('re-opens sockets the server drops', async () => {
    const url = await tunnel().start();
    const id = [...server.clients.keys()][0]!;
    await waitFor(async () => (await connectedSockets(id)) === 3, { what: 'pool' });
    server.dropSockets(id);
    await waitFor(async () => (await connectedSockets(id)) === 3, { what: 'pool refilled' });
    expect((await request(`${url}/webhook`)).status).toBe(200);
  });

  it('recreates the tunnel after a server restart and announces the changed URL', async () => {
    const t = tunnel();
    const first = await t.start();
    const changed = new Promise<string>((resolve) => t.on('url-changed', resolve));
    await server.restart();
    const second = await changed;
    expect(second).not.toBe(first);
    expect((await request(`${second}/webhook`)).status).toBe(200);
  });

  it('shows the reminder page to browsers, not to Bypass-Tunnel-Reminder or Meta-like agents', async () => {
    server.options.reminder = true;
    const url = await tunnel().start();
    const browser = { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0' };
    const blocked = await request(`${url}/webhook`, { headers: browser });
    expect(blocked.status).toBe(401);
    expect(blocked.body.toString()).toContain('Friendly Reminder');
    expect((await request(`${url}/webhook`, { headers: { ...browser, 'Bypass-Tunnel-Reminder': '1' } })).status).toBe(
      200,
    );
    expect((await request(`${url}/webhook`, { headers: { 'User-Agent': 'facebookexternalua' } })).status).toBe(200);
  });

  it('stop() closes every socket so the server forgets the client', async () => {
    const t = tunnel();
    await t.start();
    const id = [...server.clients.keys()][0]!;
    await waitFor(async () => (await connectedSockets(id)) === 3, { what: 'pool' });
    await t.stop();
    // With no socket left the server drops the client after 1 s, and its status route answers 404 (-1 here).
    await waitFor(async () => (await connectedSockets(id)) === -1, { what: 'the client forgotten' });
    expect(server.clients.has(id)).toBe(false);
  });
});
