import { afterEach, describe, expect, it } from 'vitest';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { createSender } from '../../src/samples/send/sender-io.js';
import { MISBEHAVIOURS, startMisbehavingServer, type Misbehaviour } from '../helpers/misbehaving-server.js';
import { waitFor } from '../helpers/wait-for.js';

const servers: Array<HttpServer | NetServer> = [];
const open = new Set<Socket>();
afterEach(async () => {
  for (const socket of open) socket.destroy();
  open.clear();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen<T extends HttpServer | NetServer>(server: T): Promise<string> {
  servers.push(server);
  server.on('connection', (socket: Socket) => open.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook?x=1`;
}

const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

describe('the sender of send-sample and the inspector (undici keep-alive pool)', () => {
  it("sends Meta's delivery headers and the exact body, signed per request, on kept-alive connections", async () => {
    const seen: Array<{ url?: string; headers: IncomingHttpHeaders; body: string }> = [];
    const sockets = new Set<Socket>();
    const url = await listen(
      createHttpServer((req, res) => {
        sockets.add(req.socket);
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          seen.push({ url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
          res.end('ok');
        });
      }),
    );
    const sender = createSender(url, {
      connections: 1,
      timeoutMs: 30_000,
      headers: { 'X-Wa-Hook-Probe': 'send-sample/sample' },
    });
    const results = [await sender.send(body, 'sha256=abc'), await sender.send(body, undefined, true)];
    expect(results.map((r) => [r.status, r.statusText, r.body])).toEqual([
      [200, 'OK', undefined],
      [200, 'OK', 'ok'],
    ]);
    expect(seen.map((s) => s.url)).toEqual(['/webhook?x=1', '/webhook?x=1']);
    expect(seen[0]!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'facebookexternalua',
      'x-wa-hook-probe': 'send-sample/sample',
      'x-hub-signature-256': 'sha256=abc',
      'content-length': String(body.length),
    });
    expect(seen[1]!.headers['x-hub-signature-256']).toBeUndefined();
    expect(seen.map((s) => s.body)).toEqual([body.toString(), body.toString()]);
    expect(sockets.size).toBe(1);
    await sender.close();
  });

  it('follows chunked answers, Connection: close and error statuses', async () => {
    let n = 0;
    const url = await listen(
      createHttpServer((req, res) => {
        req.resume();
        req.on('end', () => {
          const kind = n++ % 3;
          if (kind === 0) {
            res.writeHead(202);
            res.write('partly ');
            res.end('chunked');
          } else if (kind === 1) res.writeHead(200, { Connection: 'close', 'Content-Length': '2' }).end('ok');
          else res.writeHead(500, { 'Content-Length': '5' }).end('error');
        });
      }),
    );
    const sender = createSender(url, { connections: 4, timeoutMs: 30_000 });
    const results = await Promise.all(Array.from({ length: 60 }, () => sender.send(body, undefined)));
    const statuses = results.map((r) => r.status ?? r.errorCode);
    expect(statuses.filter((s) => s === 202)).toHaveLength(20);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 500)).toHaveLength(20);
    await sender.close();
  });

  it('reports a refused port and a dropped connection as their causes', async () => {
    const closed = createNetServer();
    const refusedUrl = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    servers.splice(servers.indexOf(closed), 1);
    const refused = createSender(refusedUrl, { connections: 2, timeoutMs: 30_000 });
    expect(await refused.send(body, undefined)).toMatchObject({ errorCode: 'ECONNREFUSED' });

    const dropUrl = await listen(createNetServer((socket) => socket.once('data', () => socket.destroy())));
    const drop = createSender(dropUrl, { connections: 2, timeoutMs: 30_000 });
    expect(await drop.send(body, undefined)).toMatchObject({ errorCode: 'ECONNRESET' });
    await Promise.all([refused.destroy(), drop.destroy()]);
  });

  it.each(Object.keys(MISBEHAVIOURS) as Misbehaviour[])(
    'a receiver that %s: the overall deadline ends every send with ETIMEDOUT',
    async (kind) => {
      const server = await startMisbehavingServer(kind);
      const sender = createSender(server.url, { connections: 2, timeoutMs: 300 });
      try {
        const results = await Promise.all([sender.send(body, undefined), sender.send(body, undefined, true)]);
        expect(results.map((r) => [r.status, r.errorCode])).toEqual([
          [undefined, 'ETIMEDOUT'],
          [undefined, 'ETIMEDOUT'],
        ]);
        expect(results[0].errorMessage).toBe('no answer within 300 ms');
      } finally {
        await sender.destroy();
        await server.close();
      }
    },
  );

  it('destroy() ends what is in flight and what waits for a connection', async () => {
    const accepted: Socket[] = [];
    const url = await listen(createNetServer((socket) => accepted.push(socket)));
    const sender = createSender(url, { connections: 1, timeoutMs: 30_000 });
    const sends = [sender.send(body, undefined), sender.send(body, undefined)];
    await waitFor(() => (accepted.length === 1 ? true : undefined), { what: 'the connection' });
    await sender.destroy();
    expect((await Promise.all(sends)).map((r) => r.errorCode)).toEqual(['ABORT_ERR', 'ABORT_ERR']);
  });
});
