import { afterEach, describe, expect, it } from 'vitest';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { createBurstClient } from '../../src/samples/burst-client-io.js';
import { waitFor } from '../helpers/wait-for.js';

const servers: Array<HttpServer | NetServer> = [];
const open = new Set<Socket>();
afterEach(async () => {
  for (const socket of open) socket.destroy();
  open.clear();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen<T extends HttpServer | NetServer>(server: T): Promise<URL> {
  servers.push(server);
  server.on('connection', (socket: Socket) => open.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook?x=1`);
}

const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

describe('burst client (send-sample --count to an http:// receiver)', () => {
  it('writes the delivery headers Meta sends, byte for byte, and reads each answer on a kept-alive connection', async () => {
    const heads: string[] = [];
    const sockets = new Set<Socket>();
    const url = await listen(
      createNetServer((socket) => {
        sockets.add(socket);
        let data = '';
        socket.on('data', (chunk: Buffer) => {
          data += chunk.toString('latin1');
          for (let end = data.indexOf('\r\n\r\n'); end !== -1 && data.length >= end + 4 + body.length;) {
            heads.push(data.slice(0, end));
            data = data.slice(end + 4 + body.length);
            socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
            end = data.indexOf('\r\n\r\n');
          }
        });
      }),
    );
    const client = createBurstClient(url, {
      connections: 1,
      timeoutMs: 30_000,
      headers: { 'X-Wa-Hook-Probe': 'send-sample/sample' },
    });
    const results = await Promise.all([client.send(body, 'sha256=abc'), client.send(body, undefined)]);
    expect(results.map((r) => [r.status, r.statusText])).toEqual([
      [200, 'OK'],
      [200, 'OK'],
    ]);
    expect(heads).toEqual([
      `POST /webhook?x=1 HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nUser-Agent: facebookexternalua\r\nX-Wa-Hook-Probe: send-sample/sample\r\nX-Hub-Signature-256: sha256=abc\r\nContent-Length: ${body.length}`,
      `POST /webhook?x=1 HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nUser-Agent: facebookexternalua\r\nX-Wa-Hook-Probe: send-sample/sample\r\nContent-Length: ${body.length}`,
    ]);
    expect(sockets.size).toBe(1);
    await client.close();
  });

  it('follows chunked answers, Connection: close and answers without a length, as node:http sends them', async () => {
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
    const client = createBurstClient(url, { connections: 4, timeoutMs: 30_000 });
    const results = await Promise.all(Array.from({ length: 60 }, () => client.send(body, undefined)));
    const statuses = results.map((r) => r.status ?? r.errorCode);
    expect(statuses.filter((s) => s === 202)).toHaveLength(20);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 500)).toHaveLength(20);
    await client.close();
  });

  it('reports a refused port, a dropped connection and a silent receiver as their causes', async () => {
    const closed = createNetServer();
    const refusedUrl = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    servers.splice(servers.indexOf(closed), 1);
    const refused = createBurstClient(refusedUrl, { connections: 2, timeoutMs: 30_000 });
    expect(await refused.send(body, undefined)).toMatchObject({ errorCode: 'ECONNREFUSED' });

    const dropUrl = await listen(createNetServer((socket) => socket.once('data', () => socket.destroy())));
    const drop = createBurstClient(dropUrl, { connections: 2, timeoutMs: 30_000 });
    expect(await drop.send(body, undefined)).toMatchObject({
      errorCode: 'ECONNRESET',
      errorMessage: expect.stringMatching(/closed the connection before answering|ECONNRESET/) as string,
    });

    const silentUrl = await listen(createNetServer(() => {}));
    const silent = createBurstClient(silentUrl, { connections: 2, timeoutMs: 300 });
    expect(await silent.send(body, undefined)).toMatchObject({ errorCode: 'ETIMEDOUT' });
  });

  it('destroy() ends what is in flight and what waits for a connection', async () => {
    const accepted: Socket[] = [];
    const url = await listen(createNetServer((socket) => accepted.push(socket)));
    const client = createBurstClient(url, { connections: 1, timeoutMs: 30_000 });
    const sends = [client.send(body, undefined), client.send(body, undefined)];
    await waitFor(() => (accepted.length === 1 ? true : undefined), { what: 'the connection' });
    await client.destroy();
    expect((await Promise.all(sends)).map((r) => r.errorCode)).toEqual(['ABORT_ERR', 'ABORT_ERR']);
  });
});
