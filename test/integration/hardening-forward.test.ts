/**
 * Issue 14 items 6 and 7: in forward mode only Meta's route reaches the backend by default, and the
 * backend never gets hop-by-hop or client-forged forwarding headers.
 */
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { connect } from 'node:net';
import { useUpProject } from '../helpers/up-project.js';
import { startCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { useBackend, type BackendOptions } from '../helpers/webhook.js';

const BACKEND: BackendOptions = {
  answer: (_seen, _req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('backend says hi');
  },
};

/** Sends raw request bytes and resolves with the first chunk of the answer. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.once('data', (chunk: Buffer) => {
      resolve(chunk.toString('latin1'));
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe('forward scope and headers', () => {
  const project = useUpProject();
  const backend = useBackend(BACKEND);

  it('by default forwards only GET/POST to the callback path: DELETE /webhook/admin/users never reaches /admin/users', async () => {
    // --forward-to with no path: the public callback is /webhook, mapped to the backend's /.
    const up = await project.start(['--forward-to', `${backend.origin}/`]);
    expect(up.events().find((e) => e.type === 'ready')).toMatchObject({ forwardScope: 'callback' });
    const origin = new URL(up.url).origin;
    const attacks = [
      ['DELETE', '/webhook/admin/users', 404],
      ['GET', '/webhook/admin/users', 404],
      ['POST', '/webhook/../admin', 404],
      ['DELETE', '/webhook', 405],
      ['PUT', '/webhook', 405],
    ] as const;
    for (const [method, path, status] of attacks) {
      const res = await request(`${origin}${path}`, { method });
      await res.body.text();
      expect([method, path, res.statusCode]).toEqual([method, path, status]);
    }
    expect(backend.seen).toEqual([]);
    const ok = await request(`${up.url}?hub.mode=subscribe`, { method: 'GET' });
    expect(await ok.body.text()).toBe('backend says hi');
    const post = await request(up.url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(post.statusCode).toBe(200);
    await post.body.text();
    expect(backend.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /?hub.mode=subscribe', 'POST /']);
  });

  it('--forward-subpaths is the explicit opt-in for every method under the path', async () => {
    const up = await project.start(['--forward-to', `${backend.origin}/`, '--forward-subpaths']);
    expect(up.events().find((e) => e.type === 'ready')).toMatchObject({ forwardScope: 'subpaths' });
    const res = await request(`${up.url}/admin/users`, { method: 'DELETE' });
    await res.body.text();
    expect(backend.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['DELETE /admin/users']);
  });

  it('says in the banner what is exposed', async () => {
    const proc = startCli(
      ['up', '--tunnel', 'none', '--port', '0', '--no-inspect', '--forward-to', `${backend.origin}/`],
      {
        cwd: project.dir,
      },
    );
    let stderr = '';
    proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      await waitFor(() => stderr.includes('Waiting for events'), { what: 'the banner', timeout: 15_000 });
      expect(stderr).toMatch(/exposed +only GET and POST to \/webhook \(other paths 404, other methods 405/);
    } finally {
      proc.kill('SIGTERM');
      await proc;
    }
  });

  it('strips hop-by-hop and Connection-named headers and never passes forged forwarding headers', async () => {
    const up = await project.start(['--forward-to', `${backend.origin}/hook`]);
    // Raw bytes: HTTP clients refuse to send Connection / Keep-Alive themselves.
    const { port, pathname } = new URL(up.url);
    const answer = await rawRequest(
      Number(port),
      [
        `POST ${pathname} HTTP/1.1`,
        'Host: hook.example.com',
        'Connection: keep-alive, X-Internal-Hop',
        'X-Internal-Hop: leak',
        'Keep-Alive: timeout=5',
        'Proxy-Authorization: Basic c2VjcmV0',
        'X-Forwarded-For: 6.6.6.6',
        'X-Real-IP: 6.6.6.6',
        'Forwarded: for=6.6.6.6;proto=https',
        'X-Forwarded-Host: admin.internal',
        'X-Hub-Signature-256: sha256=kept-end-to-end',
        'Content-Type: application/json',
        'Content-Length: 2',
        '',
        '{}',
      ].join('\r\n'),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    const [seen] = backend.seen;
    expect(seen!.headers).not.toHaveProperty('x-internal-hop');
    expect(seen!.headers).not.toHaveProperty('keep-alive');
    expect(seen!.headers).not.toHaveProperty('proxy-authorization');
    expect(seen!.headers).not.toHaveProperty('forwarded');
    expect(seen!.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen!.headers['x-real-ip']).toBe('127.0.0.1');
    expect(seen!.headers['x-forwarded-proto']).toBe('http');
    // The backend sees its own Host; the public one arrives as X-Forwarded-Host.
    expect(seen!.headers.host).toBe(new URL(backend.origin).host);
    expect(seen!.headers['x-forwarded-host']).toBe('hook.example.com');
    expect(seen!.headers['x-hub-signature-256']).toBe('sha256=kept-end-to-end');
  });
});
