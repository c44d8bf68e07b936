/**
 * The handshake works only on another spelling of the path (issue 26, item 7). Reports: pywa behind Flask got
 * `"GET /webhook/?hub.mode=subscribe&hub.challenge=<challange>&hub.verify_token=<verify_token> HTTP/1.1" 404`
 * because the URL registered had a trailing slash the route did not —
 * https://github.com/david-lev/pywa/issues/62; fbmq's example got `"GET /?hub.mode=subscribe… HTTP/1.1" 404`
 * until "the hook URL … included `/webhook` in the end" — https://github.com/conbus/fbmq/issues/75; an ASP.NET
 * route valid as /api/webhooks and not /api/webhooks/ — https://github.com/somaraj/Facebook-ASP.NET-Webhook/issues/2.
 * The fake is a Flask-like receiver: one exact route (strict slashes), Flask's own 404 page elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { URL } from 'node:url';
import { doctorOwnReceiver, VERIFY_TOKEN } from '../helpers/doctor-project.js';
import { useCleanups } from '../helpers/cleanups.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import type { Finding } from '../../src/doctor/diagnose.js';

const FLASK_404 =
  '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n';

/** A bot whose framework serves the webhook on exactly `route`, as Flask/Werkzeug does with strict slashes. */
function flaskLike(route: string): Promise<LoopbackServer> {
  return startLoopbackServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname !== route)
      return void res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(FLASK_404);
    if (req.method === 'POST') return void req.resume().on('end', () => res.writeHead(200).end('OK'));
    const ok =
      u.searchParams.get('hub.mode') === 'subscribe' && u.searchParams.get('hub.verify_token') === VERIFY_TOKEN;
    if (!ok) return void res.writeHead(403).end('Forbidden');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(u.searchParams.get('hub.challenge') ?? '');
  });
}

const defer = useCleanups();
let server: LoopbackServer | undefined;

async function startFlaskLike(route: string): Promise<LoopbackServer> {
  server = await flaskLike(route);
  defer(server.close);
  return server;
}

async function doctor(route: string, webhookPath: string, args: string[] = []) {
  const { port } = await startFlaskLike(route);
  return doctorOwnReceiver(defer, port, webhookPath, args);
}

const rootProblems = (findings: Finding[], group: string) =>
  findings
    .filter((f) => f.group === group && (f.status === 'fail' || f.status === 'warn') && !f.causedBy)
    .map((f) => f.id);

describe('doctor finds the spelling of the path that answers', () => {
  it('healthy control: the route and WEBHOOK_PATH agree — no receiver warning, nothing else probed', async () => {
    const { byId, findings } = await doctor('/webhook', '/webhook');
    expect(byId('receiver.path-variant')).toMatchObject({ status: 'ok' });
    expect(rootProblems(findings, 'receiver')).toEqual([]);
    expect(server!.requests.filter((r) => r.method === 'GET').map((r) => new URL(r.url, 'http://x').pathname)).toEqual([
      '/webhook',
      '/webhook',
    ]);
  });

  it('registered with a trailing slash the route lacks (pywa#62): one finding, naming /webhook and WEBHOOK_PATH', async () => {
    const { byId, findings } = await doctor('/webhook', '/webhook/');
    const f = byId('receiver.path-variant');
    expect(f.status).toBe('fail');
    expect(f.finding).toBe(
      "Meta's handshake on /webhook/ gets 404, but /webhook (without the trailing slash) answers it with the challenge",
    );
    expect(f.fix).toBe(
      'register your public URL + /webhook as the callback URL in Meta and set WEBHOOK_PATH=/webhook in .env — or make the route answer /webhook/ too',
    );
    expect(byId('receiver.handshake')).toMatchObject({ status: 'fail', causedBy: 'receiver.path-variant' });
    expect(byId('receiver.signed-event')).toMatchObject({ causedBy: 'receiver.path-variant' });
    expect(rootProblems(findings, 'receiver')).toEqual(['receiver.path-variant']);
  });

  it('the site root registered while the bot serves /webhook (fbmq#75)', async () => {
    const { byId } = await doctor('/webhook', '/');
    expect(byId('receiver.path-variant').finding).toBe(
      "Meta's handshake on / gets 404, but /webhook (on another path) answers it with the challenge",
    );
  });

  it('an /api prefix the framework adds (Next.js API routes)', async () => {
    const { byId } = await doctor('/api/webhook', '/webhook');
    expect(byId('receiver.path-variant').finding).toBe(
      "Meta's handshake on /webhook gets 404, but /api/webhook (with the /api prefix) answers it with the challenge",
    );
  });

  it('through the public URL: the URL to register is spelled out in full', async () => {
    const server = await startFlaskLike('/webhook');
    const url = `http://127.0.0.1:${server.port}/webhook/`;
    const { byId } = await doctorOwnReceiver(defer, server.port, undefined, ['--url', url]);
    expect(byId('receiver.path-variant')).toMatchObject({ status: 'ok' });
    const f = byId('public.path-variant');
    expect(f.status).toBe('fail');
    expect(f.fix).toBe(
      `register http://127.0.0.1:${server.port}/webhook as the callback URL in Meta — or make the route answer /webhook/ too`,
    );
    expect(byId('public.handshake')).toMatchObject({ causedBy: 'public.path-variant' });
  });
});
