/**
 * Issue 27 item 7: forward mode. Only Meta's headers reach the backend (no X-HTTP-Method-Override,
 * X-Original-URL… to undo the GET/POST scope); the backend's answer is bounded in bytes and in time; and the
 * instance id that tells wa-hook's own commands which `up` runs is not answered through a tunnel.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Pool, request } from 'undici';
import { useUpProject } from '../helpers/up-project.js';
import { post } from '../helpers/webhook.js';
import { exchange, MAX_BACKEND_ANSWER_BYTES } from '../../src/forward/relay-io.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function backend(
  answer: (res: ServerResponse) => void,
): Promise<{ origin: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(req.headers);
      answer(res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const SNEAKY = {
  'x-http-method-override': 'DELETE',
  'x-original-url': '/admin/users',
  'x-rewrite-url': '/admin/users',
  'true-client-ip': '10.0.0.1',
  'x-client-ip': '10.0.0.1',
  'x-forwarded-prefix': '/admin',
  'x-forwarded-server': 'internal',
  cookie: 'session=stolen',
  authorization: 'Bearer guessed',
};

describe('forward mode', () => {
  const project = useUpProject();

  it("passes Meta's headers only: nothing that rewrites the method, path or client reaches the backend", async () => {
    const b = await backend((res) => res.end('ok'));
    const up = await project.start(['--forward-to', `${b.origin}/hook`, '--no-inspect']);
    const status = await post(up.url, '{"object":"whatsapp_business_account","entry":[]}', {
      headers: { 'x-hub-signature-256': `sha256=${'a'.repeat(64)}`, 'user-agent': 'facebookexternalua', ...SNEAKY },
    });
    expect(status).toBe(200);
    const got = b.seen[0]!;
    for (const name of Object.keys(SNEAKY)) expect(got, name).not.toHaveProperty(name);
    expect(got['x-hub-signature-256']).toBe(`sha256=${'a'.repeat(64)}`);
    expect(got['content-type']).toBe('application/json');
    expect(got['user-agent']).toBe('facebookexternalua');
  });

  it('a backend answer over 1 MiB is cut off with a 502, not held whole', async () => {
    const b = await backend((res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      // 8 MiB, written as fast as it is read.
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let left = 128;
      const write = () => {
        while (left > 0) {
          left--;
          if (!res.write(chunk)) return void res.once('drain', write);
        }
        res.end();
      };
      write();
    });
    const up = await project.start(['--forward-to', `${b.origin}/hook`, '--no-inspect']);
    const res = await request(up.url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(502);
    expect(await res.body.text()).toContain('answered more than 1 MiB (cut off)');
    expect(MAX_BACKEND_ANSWER_BYTES).toBe(1024 * 1024);
  });

  it('GET /.wa-hook/instance is answered locally, never through a tunnel (public Host or forwarding headers)', async () => {
    const up = await project.start(['--no-inspect']);
    const origin = `http://127.0.0.1:${up.port}`;
    const local = await request(`${origin}/.wa-hook/instance`);
    expect(local.statusCode).toBe(200);
    await local.body.dump();
    for (const headers of [
      { host: 'random-words.trycloudflare.com' },
      { 'x-forwarded-for': '203.0.113.9' },
      { 'cf-connecting-ip': '203.0.113.9' },
    ]) {
      const res = await request(`${origin}/.wa-hook/instance`, { headers });
      expect(res.statusCode).toBe(404);
      expect(await res.body.text()).toContain('no webhook here');
    }
  });
});

describe('the exchange with the backend', () => {
  it('ends at its overall deadline however the answer trickles (idle timers alone never fire)', async () => {
    const b = await backend((res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(timer));
    });
    const pool = new Pool(b.origin, { bodyTimeout: 30_000, headersTimeout: 30_000 });
    try {
      const error = await exchange(pool, { method: 'GET', path: '/' }, { bytes: 1024 * 1024, ms: 300 }).catch(
        (e: NodeJS.ErrnoException) => e,
      );
      expect((error as NodeJS.ErrnoException).code).toBe('ETIMEDOUT');
    } finally {
      await pool.destroy();
    }
  });
});
