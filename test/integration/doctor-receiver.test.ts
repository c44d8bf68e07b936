import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReceiverMode, SampleReceiver } from '../fixtures/sample-receiver.js';
import {
  closedPort,
  doctorJson,
  expectNoSecrets,
  goodEnv,
  makeProject,
  startGoodReceiver,
  writeUpState,
} from '../helpers/doctor-project.js';
import { startUp, type RunningUp } from '../helpers/start-up.js';
import { runCli } from '../helpers/run-cli.js';
import { eventRecord, webhookBody } from '../helpers/event-log-fixture.js';
import type { EventRecord } from '../../src/events/record/record.js';
import { useCleanups } from '../helpers/cleanups.js';

const defer = useCleanups();

async function project(envText = goodEnv({ WHATSAPP_ACCESS_TOKEN: undefined })) {
  const p = await makeProject(envText);
  defer(p.cleanup);
  return p.dir;
}

async function receiver(
  mode: ReceiverMode,
  options: { verifyToken?: string; appSecret?: string } = {},
): Promise<SampleReceiver> {
  const r = await startGoodReceiver({ ...options, mode });
  defer(() => r.close());
  return r;
}

// [receiver as written, finding id, expected status, text]
const CASES: Array<[string, ReceiverMode, { verifyToken?: string; appSecret?: string }, string, string, RegExp]> = [
  ['a correct receiver', 'good', {}, 'receiver.meta-serialization', 'ok', /got 200/],
  [
    'a receiver that hashes re-serialized JSON',
    'reserialize',
    {},
    'receiver.meta-serialization',
    'fail',
    /hashes re-serialized JSON/,
  ],
  [
    'a receiver that never checks signatures',
    'unchecked',
    {},
    'receiver.bad-signature',
    'warn',
    /signatures are not checked/,
  ],
  [
    'a receiver that crashes on status events',
    'crash-on-status',
    {},
    'receiver.signed-event',
    'fail',
    /crashes on events without messages\[\]/,
  ],
  ['a receiver answering the challenge as JSON', 'json-challenge', {}, 'receiver.handshake', 'fail', /as JSON/],
  [
    'a receiver accepting any token',
    'any-token',
    {},
    'receiver.wrong-token',
    'warn',
    /wrong verify token also gets 200/,
  ],
  [
    'a receiver with another verify token',
    'good',
    { verifyToken: 'another-verify-token-0123456789' },
    'receiver.handshake',
    'fail',
    /refused the verify token/,
  ],
  [
    'signature middleware that also guards the verification GET',
    'signature-on-get',
    {},
    'receiver.handshake',
    'fail',
    /asking for a signature.*guards the verification GET.*GET carries no X-Hub-Signature-256.*POST only/,
  ],
  [
    "a receiver with another app's secret",
    'good',
    { appSecret: 'ffffffffffffffffffffffffffffffff' },
    'receiver.signed-event',
    'fail',
    /different key/,
  ],
];

describe('doctor: local receiver checks', () => {
  it.each(CASES)('%s → %s', async (_name, mode, options, id, status, text) => {
    const r = await receiver(mode, options);
    const dir = await project();
    const { run, byId } = await doctorJson(dir, ['--offline'], { PORT: String(r.port) });
    const f = byId(id);
    expect(f.status).toBe(status);
    expect(`${f.finding} ${f.fix ?? ''}`).toMatch(text);
    expect(run.exitCode).toBe(status === 'fail' ? 1 : 0);
    expectNoSecrets(run);
  });

  it('posts status events only (no message a bot could answer), signed over the exact bytes sent', async () => {
    const r = await receiver('good');
    const dir = await project();
    await doctorJson(dir, ['--offline'], { PORT: String(r.port) });
    const posts = r.requests.filter((q) => q.method === 'POST');
    expect(posts).toHaveLength(3);
    for (const p of posts) {
      expect(p.body).toContain('"statuses":[');
      expect(p.body).not.toContain('"messages":[');
      expect(p.headers['user-agent']).toMatch(/^wa-hook-doctor/);
    }
    // The Meta-style and the badly signed event go out together: either may arrive first.
    expect(posts.map((p) => p.body).join('\n')).toContain('caf\\u00e9 \\u2615 \\ud83d\\udc4d order\\/42');
  });

  it('nothing listening: a warning, also with a state.json whose receiver does not answer (not trusted)', async () => {
    const port = await closedPort();
    const dir = await project();
    const before = await doctorJson(dir, ['--offline'], { PORT: String(port) });
    expect(before.byId('receiver.listening')).toMatchObject({
      status: 'warn',
      finding: `nothing listening on 127.0.0.1:${port} (ECONNREFUSED)`,
    });
    // A state file no receiver vouches for is what a cloned project can plant: it is ignored, never obeyed.
    await writeUpState(dir, { localUrl: `http://127.0.0.1:${port}/webhook`, port, instanceId: 'no-one-answers-this' });
    const after = await doctorJson(dir, ['--offline'], { PORT: String(port) });
    expect(after.byId('receiver.listening').status).toBe('warn');
  });

  it('a server on ::1 only (localhost) is named as the reason tunnels get refused', async () => {
    const server: Server = createServer((_q, s) => s.end('ok'));
    await new Promise<void>((r) => server.listen(0, '::1', r));
    defer(() => new Promise((r) => server.close(r)));
    const dir = await project();
    const { byId } = await doctorJson(dir, ['--offline'], { PORT: String((server.address() as AddressInfo).port) });
    expect(byId('receiver.listening')).toMatchObject({ status: 'fail' });
    expect(byId('receiver.listening').finding).toContain('listens on IPv6 localhost only');
  });

  it('recorded events: a wrong App Secret shows up as refused signatures, failed sends as their codes', async () => {
    const r = await receiver('good');
    const dir = await project();
    await mkdir(join(dir, '.wa-hook'), { recursive: true });
    const now = new Date().toISOString();
    const rec = (over: Partial<EventRecord>) =>
      JSON.stringify(
        eventRecord({ id: 'evt_x', receivedAt: now, headers: { 'user-agent': 'facebookexternalua' }, ...over }),
      );
    const failed = webhookBody({
      statuses: [{ id: 'wamid.x', status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message' }] }],
    });
    await writeFile(
      join(dir, '.wa-hook', 'events.jsonl'),
      [rec({ kind: 'rejected', status: 401, signature: 'invalid' }), rec({ body: failed }), ''].join('\n'),
    );
    const { byId } = await doctorJson(dir, ['--offline'], { PORT: String(r.port) });
    expect(byId('log.rejected-signatures').status).toBe('fail');
    expect(byId('log.failed-sends').finding).toMatch(/131047/);
  });
});

describe('doctor: one cause → one finding (receiver)', () => {
  it('a 404 on the callback path that another spelling answers: one finding, the handshake and the refused event its consequences', async () => {
    const r = await receiver('good');
    const dir = await project(goodEnv({ WHATSAPP_ACCESS_TOKEN: undefined, WEBHOOK_PATH: '/hook' }));
    const { byId, findings } = await doctorJson(dir, ['--offline'], { PORT: String(r.port) });
    expect(byId('receiver.handshake').finding).toMatch(/404/);
    expect(byId('receiver.path-variant').finding).toMatch(/on \/hook gets 404, but \/webhook .* answers it/);
    expect(byId('receiver.handshake')).toMatchObject({ status: 'fail', causedBy: 'receiver.path-variant' });
    expect(byId('receiver.signed-event')).toMatchObject({ status: 'fail', causedBy: 'receiver.path-variant' });
    expect(findings.filter((f) => f.status === 'fail' && !f.causedBy).map((f) => f.id)).toEqual([
      'receiver.path-variant',
    ]);
    const human = await runCli(['doctor', '--offline'], { cwd: dir, env: { PORT: String(r.port) } });
    expect(human.stdout).toMatch(
      /✖ callback path spelled as the route — [^\n]*404[^\n]*\n[^\n]*→[^\n]*\n\s+↳ ✖ local handshake — [^\n]*\(a consequence of this\)\n\s+↳ ✖ signed status event accepted — [^\n]*\(a consequence of this\)/,
    );
    expect(human.stdout).not.toMatch(/\n {2}✖ signed status event accepted/);
  });
});

describe('doctor against the bundled receiver (wa-hook up --tunnel none)', () => {
  let up: RunningUp | undefined;
  afterEach(async () => {
    if (up && up.proc.exitCode === null) await up.stop('SIGKILL');
    up = undefined;
  });

  it('every local check passes against `up` with the same .env, and doctor finds it through state.json', async () => {
    const dir = await project();
    up = await startUp([], { cwd: dir });
    const { run, byId, findings } = await doctorJson(dir, ['--offline'], {});
    for (const id of [
      'receiver.listening',
      'receiver.handshake',
      'receiver.wrong-token',
      'receiver.signed-event',
      'receiver.meta-serialization',
      'receiver.bad-signature',
      'receiver.ack-time',
      'config.verify-token.matches-up',
      'config.port-path',
    ]) {
      expect(byId(id), id).toMatchObject({ status: 'ok' });
    }
    expect(findings.filter((f) => f.status === 'fail')).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(await up.stop()).toBe(0);
  });

  it('`up` with its kept token: doctor uses it for the handshake and says it is the same at every start', async () => {
    const dir = await project(goodEnv({ WHATSAPP_VERIFY_TOKEN: undefined, WHATSAPP_ACCESS_TOKEN: undefined }));
    up = await startUp([], { cwd: dir });
    const { byId } = await doctorJson(dir, ['--offline'], {});
    expect(byId('config.verify-token').status).toBe('ok');
    expect(byId('receiver.handshake').status).toBe('ok');
    const human = await runCli(['doctor', '--offline'], { cwd: dir });
    expect(human.stdout).toMatch(
      /✔ verify token set — not in \.env: `wa-hook up` answers with the token it keeps in \.wa-hook\/verify-token \(.{4}…\), the same at every start/,
    );
    expect(human.stdout).not.toContain('session token');
  });
});
