import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runCli } from '../helpers/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { CLOSED_ORIGIN, startLoopbackServer, type Handler, type LoopbackServer } from '../helpers/loopback-server.js';

const TOKEN = 'vt-9Qm2xLp7Rz4kWb8n';

function query(req: IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://x').searchParams;
}

/** A receiver that checks the token like a correct one, then answers in its own (possibly wrong) way. */
function receiver(answer: (res: ServerResponse, challenge: string) => void): Handler {
  return (req, res) => {
    const q = query(req);
    if (q.get('hub.mode') !== 'subscribe' || q.get('hub.verify_token') !== TOKEN) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
      return;
    }
    answer(res, q.get('hub.challenge') ?? '');
  };
}

const correct = receiver((res, c) => res.writeHead(200, { 'content-type': 'text/plain' }).end(c));

let dir: string;
let cleanup: () => Promise<void>;
const servers: LoopbackServer[] = [];

async function serve(handler: Handler, options: { tls?: boolean } = {}): Promise<LoopbackServer> {
  const server = await startLoopbackServer(handler, options);
  servers.push(server);
  return server;
}

function verify(args: string[], env: Record<string, string> = {}) {
  return runCli(['verify', ...args], { cwd: dir, env });
}

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await cleanup();
});

describe('wa-hook verify against a correct receiver', () => {
  it('passes, sends what Meta sends and never prints the token', async () => {
    const server = await serve(correct);
    const run = await verify(['--url', `${server.url}/webhook?tenant=a`, '--verify-token', TOKEN]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^✔ verification passed \(200, body = challenge, \d+ ms\)$/m);
    expect(run.stdout).toContain('✔ a wrong verify token is refused (403)');
    expect(run.stderr).not.toContain('✔');
    expect(run.stderr).toContain(`GET ${server.url}/webhook?tenant=a&hub.mode=subscribe&hub.challenge=`);
    expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);

    // Real GET, then the wrong-token GET: dotted names, URL-encoded token, 10-digit challenge, Meta's UA, no bypass header.
    expect(server.requests).toHaveLength(2);
    const [real, wrong] = server.requests;
    expect(real!.method).toBe('GET');
    expect(real!.url).toMatch(
      new RegExp(`^/webhook\\?tenant=a&hub\\.mode=subscribe&hub\\.challenge=\\d{10}&hub\\.verify_token=${TOKEN}$`),
    );
    expect(real!.headers['user-agent']).toBe('facebookexternalua');
    expect(real!.headers['bypass-tunnel-reminder']).toBeUndefined();
    expect(new URL(wrong!.url, 'http://x').searchParams.get('hub.verify_token')).not.toBe(TOKEN);
  });

  it('URL-encodes a token with spaces and symbols so the receiver decodes it exactly', async () => {
    const token = 'a b&c=d/é+"';
    const server = await serve((req, res) => {
      const q = query(req);
      res
        .writeHead(q.get('hub.verify_token') === token ? 200 : 403)
        .end(q.get('hub.verify_token') === token ? (q.get('hub.challenge') ?? '') : '');
    });
    const run = await verify(['--url', `${server.url}/webhook`, '--verify-token', token]);
    expect(run.exitCode).toBe(0);
    expect(server.requests[0]!.url).toContain('hub.verify_token=a%20b%26c%3Dd%2F%C3%A9%2B%22');
  });

  it('warns (exit 0) when the receiver also accepts a wrong token', async () => {
    const server = await serve((req, res) => res.end(query(req).get('hub.challenge') ?? ''));
    const run = await verify(['--url', `${server.url}/webhook`, '--verify-token', TOKEN]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('⚠ the receiver also answered the challenge to a WRONG verify token');
    expect(run.stderr).toMatch(/→ compare hub\.verify_token with your token and answer 403/);
  });
});

const html = (inner: string) => `<!DOCTYPE html><html><head><title>t</title></head><body>${inner}</body></html>`;
/** Answers every request with an HTML page, as tunnel warning pages do (whatever the token). */
const htmlPage =
  (status: number, inner: string): Handler =>
  (_q, res) =>
    res.writeHead(status, { 'content-type': 'text/html' }).end(html(inner));

describe('wa-hook verify against misbehaving receivers', () => {
  it.each<[string, Handler, string, RegExp]>([
    [
      'wrong token (403)',
      (_q, res) => res.writeHead(403).end('Forbidden'),
      'answered 403: the receiver refused the verify token',
      /→ the verify token differs from the one your receiver uses.*whitespace or quotes.*not an access token/,
    ],
    ['wrong path (404)', (_q, res) => res.writeHead(404).end('Not Found'), 'answered 404', /→ check the callback path/],
    [
      'loca.lt reminder page',
      htmlPage(401, '<h1>Friendly Reminder</h1><p>loca.lt/mytunnelpassword</p>'),
      'loca.lt answered 401 with its "Friendly Reminder" page',
      /→ .*--tunnel cloudflared/,
    ],
    [
      'ngrok browser warning page',
      htmlPage(200, 'You are about to visit… add ngrok-skip-browser-warning. ERR_NGROK_6024'),
      'ngrok answered 200 with its browser-warning page',
      /→ free ngrok endpoints show this page/,
    ],
    [
      'HTML page with 200',
      receiver((res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html('Hello'))),
      'answered 200 with an HTML page',
      /→ something in front of your receiver/,
    ],
    [
      'JSON-quoted challenge',
      receiver((res, c) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(c))),
      'the challenge came back as JSON',
      /→ send it as plain text/,
    ],
    [
      'trailing newline',
      receiver((res, c) => res.end(`${c}\n`)),
      'the body is the challenge with whitespace around it',
      /→ send hub\.challenge exactly, without a newline/,
    ],
    [
      '302 redirect',
      (_q, res) => res.writeHead(302, { location: '/webhook/' }).end(),
      'answered 302 redirect to /webhook/; Meta does not follow redirects',
      /→ give Meta the final URL \(\/webhook\/\)/,
    ],
    [
      '502 from a tunnel',
      (_q, res) => res.writeHead(502).end('Bad Gateway'),
      'the tunnel or proxy could not reach your receiver',
      /→ start the receiver/,
    ],
    [
      '530 error code 1033',
      (_q, res) => res.writeHead(530).end('error code: 1033'),
      '(error code: 1033)',
      /→ cloudflared is still connecting: retry in a few seconds/,
    ],
  ])('%s → exit 1 with its hint', async (_name, handler, message, hint) => {
    const server = await serve(handler);
    const run = await verify(['--url', `${server.url}/webhook`, '--verify-token', TOKEN]);
    expect(run.exitCode).toBe(1);
    // The verdict is the result (stdout, once); the hint is talk (stderr).
    expect(run.stdout).toMatch(/^✖ /);
    expect(run.stdout).toContain(message);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toContain(message);
    expect(run.stderr).toMatch(hint);
    // Meta never follows redirects, so neither may we: only the real and the wrong-token GETs arrived.
    expect(server.requests.every((r) => r.url.startsWith('/webhook?'))).toBe(true);
  });

  it('connection refused → exit 1, "start it with wa-hook up"', async () => {
    const run = await verify(['--url', `${CLOSED_ORIGIN}/webhook`, '--verify-token', TOKEN]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('✖ connection refused: nothing is listening on 127.0.0.1:1');
    expect(run.stderr).toContain('start it with `wa-hook up`');
  });

  it('a receiver that never answers → exit 1 after --timeout', async () => {
    const server = await serve(() => undefined);
    const run = await verify(['--url', `${server.url}/webhook`, '--verify-token', TOKEN, '--timeout', '500']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('no answer within 500 ms');
    expect(run.stderr).toMatch(/→ .*never answered/);
  });

  it('a self-signed certificate → exit 1 with the trusted-CA hint', async () => {
    const server = await serve(correct, { tls: true });
    const run = await verify(['--url', `${server.url}/webhook`, '--verify-token', TOKEN]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('the HTTPS certificate of 127.0.0.1 is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)');
    expect(run.stderr).toMatch(/→ Meta accepts only certificates from a trusted CA.*self-signed is not supported/);
  });
});

describe('wa-hook verify --json', () => {
  const KEYS = ['ok', 'url', 'status', 'ms', 'cause', 'message', 'hint', 'wrongToken', 'warnings'].sort();

  function parseOnlyLine(stdout: string): Record<string, unknown> {
    const lines = stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    return JSON.parse(lines[0]!) as Record<string, unknown>;
  }

  it('prints exactly one object for a pass', async () => {
    const server = await serve(correct);
    const run = await verify(['--url', `${server.url}/webhook`, '--verify-token', TOKEN, '--json']);
    expect(run.exitCode).toBe(0);
    const out = parseOnlyLine(run.stdout);
    expect(Object.keys(out).sort()).toEqual(KEYS);
    expect(out).toMatchObject({ ok: true, status: 200, cause: 'ok', wrongToken: { accepted: false, status: 403 } });
    // A loaded CI box may add a "slow" warning; nothing else is expected from a correct receiver.
    expect((out.warnings as Array<{ cause: string }>).filter((w) => w.cause !== 'slow')).toEqual([]);
    expect(out.url).toMatch(
      new RegExp(`^${server.url}/webhook\\?hub\\.mode=subscribe&hub\\.challenge=\\d{10}&hub\\.verify_token=vt-9…$`),
    );
    expect(typeof out.ms).toBe('number');
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('prints the cause, hint and warnings for a failure', async () => {
    const server = await serve((req, res) => res.end(`${query(req).get('hub.challenge')}\n`));
    const run = await verify(['--url', `${server.url}/webhook`, '--verify-token', TOKEN, '--json']);
    expect(run.exitCode).toBe(1);
    const out = parseOnlyLine(run.stdout);
    expect(Object.keys(out).sort()).toEqual(KEYS);
    expect(out).toMatchObject({
      ok: false,
      status: 200,
      cause: 'whitespace-around-challenge',
      wrongToken: { accepted: true, status: 200 },
    });
    expect(out.hint).toMatch(/without a newline/);
    expect((out.warnings as Array<{ cause: string }>).map((w) => w.cause).filter((c) => c !== 'slow')).toEqual([
      'accepts-any-token',
    ]);
  });

  it('reports status and ms as null when nothing answered', async () => {
    const run = await verify(['--url', `${CLOSED_ORIGIN}/webhook`, '--verify-token', TOKEN, '--json']);
    expect(run.exitCode).toBe(1);
    expect(parseOnlyLine(run.stdout)).toMatchObject({
      ok: false,
      status: null,
      ms: null,
      cause: 'connection-refused',
      wrongToken: { accepted: false, status: null },
    });
  });
});

describe('wa-hook verify: target and token resolution', () => {
  it('exits 2 with a hint when no verify token is configured', async () => {
    const server = await serve(correct);
    const run = await verify(['--url', `${server.url}/webhook`]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('✖ no verify token to send as hub.verify_token');
    expect(run.stderr).toMatch(/→ set WHATSAPP_VERIFY_TOKEN .*wa-hook init/);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['--timeout 0', ['--timeout', '0']],
    ['--url that is not a URL', ['--url', 'not a url']],
    ['--url with another scheme', ['--url', 'ftp://127.0.0.1/webhook']],
  ])('exits 2 on %s', async (_name, args) => {
    const run = await verify([...args, '--verify-token', TOKEN]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^✖ /m);
  });

  it('defaults to http://127.0.0.1:$PORT$WEBHOOK_PATH with the token from .env', async () => {
    const server = await serve(correct);
    await writeFile(join(dir, '.env'), `WHATSAPP_VERIFY_TOKEN=${TOKEN}\nPORT=${server.port}\nWEBHOOK_PATH=hooks/wa\n`);
    const run = await verify([]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(`GET http://127.0.0.1:${server.port}/hooks/wa?hub.mode=subscribe`);
    expect(server.requests[0]!.url).toMatch(/^\/hooks\/wa\?/);
  });

  it('targets the running `up` from state.json and uses its session token', async () => {
    // Stands in for `up`'s receiver: it answers the instance id the state file names, as `up` does.
    const instanceId = 'b7c4a2e0-5f7e-4c39-9d8e-3a1f0c2b6d10';
    const server = await serve((req, res) =>
      req.url === '/.wa-hook/instance' ? void res.end(instanceId) : correct(req, res),
    );
    await mkdir(join(dir, '.wa-hook'));
    // pid: this test process, so the state counts as live.
    const state = {
      pid: process.pid,
      instanceId,
      startedAt: new Date().toISOString(),
      localUrl: `${server.url}/webhook`,
      path: '/webhook',
      port: server.port,
      verifyToken: TOKEN,
      verifyTokenSource: 'generated',
    };
    await writeFile(join(dir, '.wa-hook', 'state.json'), JSON.stringify(state));
    const run = await verify([]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('(the running wa-hook up)');
    expect(run.stderr + run.stdout).not.toContain(TOKEN);
  });
});
