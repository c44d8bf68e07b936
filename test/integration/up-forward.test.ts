import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { CLOSED_ORIGIN } from '../helpers/loopback-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startUp, type RunningUp } from '../helpers/start-up.js';
import { runCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { sign, startBackend as startBackendWith, type Backend } from '../helpers/webhook.js';

const SECRET = 'fedcba9876543210fedcba9876543210';
const BACKEND_TOKEN = 'backend-own-token-42';
const BODY =
  '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"from":"16505551234","id":"wamid.A","timestamp":"1","type":"text","text":{"body":"caf\\u00e9 \\/ \\ud83d\\ude00"}}]}}]}]}';

/** A user's own backend: checks the signature itself over the raw bytes and answers the handshake with its own token. */
const startBackend = () =>
  startBackendWith({
    secret: SECRET,
    answer: (_seen, req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (req.method === 'GET') {
        const ok = url.searchParams.get('hub.verify_token') === BACKEND_TOKEN;
        res.writeHead(ok ? 200 : 403, { 'content-type': 'text/html', 'x-backend': 'fastapi-like' });
        res.end(ok ? url.searchParams.get('hub.challenge') : 'nope');
        return;
      }
      res.writeHead(202, {
        'content-type': 'application/json',
        'x-backend': 'fastapi-like',
        'set-cookie': ['a=1', 'b=2'],
      });
      res.end('{"status":"queued"}');
    },
  });

describe('wa-hook up --forward-to', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let up: RunningUp | undefined;
  let backend: Backend;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    backend = await startBackend();
  });
  afterEach(async () => {
    if (up && up.proc.exitCode === null) await up.stop('SIGKILL');
    up = undefined;
    backend.server.close();
    await cleanup();
  });

  it('with --forward-subpaths, passes bytes, headers, suffix and query through unchanged and relays the backend answer', async () => {
    const backendPort = new URL(backend.origin).port;
    // PORT points at the backend (as in the bot's own .env): wa-hook must pick a free port instead of colliding.
    up = await startUp(['--forward-to', `${backend.origin}/api/v1/webhooks/whatsapp`, '--forward-subpaths'], {
      cwd: dir,
      env: { PORT: backendPort },
    });
    expect(up.url).toMatch(/\/api\/v1\/webhooks\/whatsapp$/);
    expect(String(up.port)).not.toBe(backendPort);
    const signature = sign(BODY, SECRET);
    const res = await request(`${up.url}/extra?x=1&y=%2F`, {
      method: 'POST',
      body: BODY,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signature,
        'user-agent': 'facebookexternalua',
      },
    });
    expect(res.statusCode).toBe(202);
    expect(res.headers['x-backend']).toBe('fastapi-like');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(await res.body.text()).toBe('{"status":"queued"}');
    const [got] = backend.seen;
    expect(got!.url).toBe('/api/v1/webhooks/whatsapp/extra?x=1&y=%2F');
    expect(got!.body.toString('latin1')).toBe(BODY);
    expect(got!.signedValidly).toBe(true);
    expect(got!.headers['user-agent']).toBe('facebookexternalua');
    const event = await waitFor(() => up!.events().find((e) => e.type === 'event'));
    expect(event).toMatchObject({ kind: 'event', status: 202, forward: { status: 202 } });
    expect(String((event.summary as string[])[0])).toMatch(/→ backend 202 in [\d.]+ ms$/);
  });

  it("relays the backend's own handshake answer", async () => {
    up = await startUp(['--forward-to', `${backend.origin}/hook`], { cwd: dir });
    const ok = await request(`${up.url}?hub.mode=subscribe&hub.challenge=987654321&hub.verify_token=${BACKEND_TOKEN}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('text/html');
    expect(await ok.body.text()).toBe('987654321');
    const verify = await runCli(['verify', '--url', up.url, '--verify-token', BACKEND_TOKEN], { cwd: dir });
    // `verify` may not be built in every checkout; when it is, it must pass through the forwarder.
    if (!verify.stderr.includes('not built yet')) expect(verify.exitCode).toBe(0);
    const wrong = await request(`${up.url}?hub.mode=subscribe&hub.challenge=1&hub.verify_token=other`);
    expect(wrong.statusCode).toBe(403);
    await wrong.body.text();
  });

  it('answers 502 with a hint when the backend is down', async () => {
    const origin = CLOSED_ORIGIN;
    up = await startUp(['--forward-to', `${origin}/hook`], { cwd: dir });
    const res = await request(up.url, { method: 'POST', body: '{}' });
    expect(res.statusCode).toBe(502);
    expect(await res.body.text()).toMatch(/not reachable: http:\/\/127\.0\.0\.1:\d+\/hook \(ECONNREFUSED\)/);
    const event = await waitFor(() => up!.events().find((e) => e.type === 'event'));
    expect(event).toMatchObject({ kind: 'rejected', status: 502 });
    expect(String(event.hint)).toContain(`start your backend on ${new URL(origin).host}`);
  });

  it('answers 502 ECONNRESET when the backend drops the connection without answering', async () => {
    const dropper = createServer((req) => {
      req.resume();
      req.on('end', () => req.socket.destroy());
    });
    await new Promise<void>((r) => dropper.listen(0, '127.0.0.1', r));
    try {
      up = await startUp(['--forward-to', `http://127.0.0.1:${(dropper.address() as AddressInfo).port}/hook`], {
        cwd: dir,
      });
      const res = await request(up.url, { method: 'POST', body: '{}' });
      expect(res.statusCode).toBe(502);
      expect(await res.body.text()).toMatch(/not reachable: .* \(ECONNRESET\)/);
      const event = await waitFor(() => up!.events().find((e) => e.type === 'event'));
      expect(event).toMatchObject({ kind: 'rejected', status: 502, forward: { error: 'ECONNRESET' } });
    } finally {
      dropper.close();
    }
  });

  it('exits 2 on a forward target that is not a URL', async () => {
    const result = await runCli(['up', '--tunnel', 'none', '--forward-to', 'localhost:8000'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--forward-to must be http:// or https://');
  });
});
