/** Issue 14 item 10: the small ones, each reproduced on loopback. */
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { useUpProject } from '../helpers/up-project.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { apiUrl, inspectorToken } from '../helpers/inspector-api.js';
import { waitFor } from '../helpers/wait-for.js';
import { exchangeRaw, rawHandshake } from '../helpers/raw-socket.js';
import { startReceiver, type Receiver } from '../../src/receiver/server-io.js';
import { EventLog } from '../../src/events/log/writer-io.js';
import { sameSecret } from '../../src/verification/answer.js';

const TOKEN = 'tok_small_ones_0123456789';

describe('receiver and inspector answers', () => {
  const project = useUpProject();

  it('answers the challenge with X-Content-Type-Options: nosniff (it echoes the query string)', async () => {
    const up = await project.start(['--verify-token', TOKEN, '--no-inspect']);
    const challenge = encodeURIComponent('<html><script>alert(1)</script>');
    const res = await request(`${up.url}?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=${challenge}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(await res.body.text()).toBe('<html><script>alert(1)</script>');
  });

  it('inspector: malformed percent-encoding is a 400, and every /api/* call needs the session token', async () => {
    const up = await project.start(['--verify-token', TOKEN, '--inspect-port', '0']);
    const inspector = String(up.events().find((e) => e.type === 'ready')!.inspectorUrl);
    // The token rides after '#': the browser keeps it, never sends it in a request line.
    expect(inspector).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{32}$/);
    const bad = await request(apiUrl(inspector, `/api/events/%E0%A4%A`));
    expect(bad.statusCode).toBe(400);
    expect(await bad.body.json()).toEqual({ error: 'malformed percent-encoding in the event id' });

    // Another account on this machine, or a cross-site <img src=http://127.0.0.1:4040/api/…>: no token, no data.
    const origin = new URL(inspector).origin;
    for (const path of ['/api/info', '/api/events', '/api/samples', '/api/scenarios', '/api/stream']) {
      for (const headers of [{}, { 'sec-fetch-site': 'same-origin' }, { 'x-wa-hook-token': 'guess' }]) {
        const res = await request(`${origin}${path}`, { headers });
        expect(res.statusCode, path).toBe(401);
        await res.body.text();
      }
    }
    for (const path of ['/api/send', '/api/replay', '/api/scenario']) {
      const res = await request(`${origin}${path}?token=guess`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'text', text: 'sign me', id: 'x' }),
      });
      expect(res.statusCode, path).toBe(401);
      await res.body.text();
    }
    // The page sends the token as a header; EventSource in the query.
    const info = await request(`${origin}/api/info`, { headers: { 'x-wa-hook-token': inspectorToken(inspector) } });
    expect(info.statusCode).toBe(200);
    await info.body.text();

    // A page opening streams in a loop: 32 at most, then 503 (the sockets stay bounded).
    const streams = await Promise.all(
      Array.from({ length: 32 }, async () => {
        const controller = new AbortController();
        const res = await request(apiUrl(inspector, '/api/stream'), { signal: controller.signal });
        expect(res.statusCode).toBe(200);
        return { controller, res };
      }),
    );
    const tooMany = await request(apiUrl(inspector, '/api/stream'));
    expect(tooMany.statusCode).toBe(503);
    await tooMany.body.text();
    for (const { controller, res } of streams) {
      controller.abort();
      await res.body.text().catch(() => undefined);
    }
    // Closed streams free their slots.
    await waitFor(
      async () => {
        const res = await request(apiUrl(inspector, '/api/stream'), { reset: true });
        const ok = res.statusCode === 200;
        res.body.destroy();
        return ok;
      },
      { what: 'a free stream slot' },
    );
    // The token is kept where only the user reads it: the 0600 state file.
    const state = join(project.dir, '.wa-hook', 'state.json');
    expect((await stat(state)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(state, 'utf8')).inspectorUrl).toBe(inspector);
  });
});

describe('verify token comparison', () => {
  it('is exact whatever the lengths', () => {
    expect(sameSecret(TOKEN, TOKEN)).toBe(true);
    expect(sameSecret(`${TOKEN} `, TOKEN)).toBe(false);
    expect(sameSecret(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(sameSecret('', TOKEN)).toBe(false);
  });
});

describe('connections per receiver', () => {
  let receiver: Receiver | undefined;
  let log: EventLog | undefined;
  let cleanup = async () => {};
  const sockets: Socket[] = [];
  beforeEach(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    log = await EventLog.open(join(temp.dir, 'events.jsonl'));
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await receiver?.close();
    await log?.close();
    await cleanup();
  });

  /** Opens a connection that sends half a request and stays open (an idle attacker). */
  const hold = (port: number) =>
    new Promise<{ socket: Socket; closed: Promise<void> }>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('POST /webhook HTTP/1.1\r\nHost: x\r\n');
        resolve({ socket, closed: new Promise((r) => socket.once('close', () => r())) });
      });
      socket.once('error', reject);
      sockets.push(socket);
    });

  it('closes connections beyond the cap at once; a slot frees when one goes', async () => {
    receiver = await startReceiver({ port: 0, path: '/webhook', verifyToken: TOKEN, log: log!, maxConnections: 3 });
    const held = await Promise.all([hold(receiver.port), hold(receiver.port), hold(receiver.port)]);
    await waitFor(() => new Promise<boolean>((r) => receiver!.server.getConnections((_e, n) => r(n === 3 || false))), {
      what: 'three connections accepted',
    });
    // A complete request on a fourth connection: without the cap it would be answered at once.
    const answer = await exchangeRaw(receiver.port, rawHandshake(TOKEN, '7'), { track: sockets });
    expect(answer).toBe('');
    held[0].socket.destroy();
    await held[0].closed;
    await waitFor(
      async () => {
        const res = await request(`${receiver!.url}?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=7`, {
          reset: true,
        }).catch(() => undefined);
        return res ? (await res.body.text()) === '7' : false;
      },
      { what: 'a free slot' },
    );
  });
});
