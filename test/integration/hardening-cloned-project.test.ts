/**
 * Issue 27 item 1: a cloned project (a bot template from anywhere) must not steer wa-hook. Planted files —
 * `.wa-hook/state.json`, a `.env` naming another Graph API, a hand-written log line, a symlinked `.gitignore`,
 * a FIFO named `.env` — may not send the user's secrets anywhere, sign anything, or hang a command.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';
import { closedPort, goodEnv, VERIFY_TOKEN } from '../helpers/doctor-project.js';
import { eventRecord, textBody } from '../helpers/event-log-fixture.js';
import { DEFAULT_IDS, defaultState, startFakeGraphApi } from '../fixtures/fake-graph-api.js';
import { sign } from '../helpers/webhook.js';

const SECRET = DEFAULT_IDS.appSecret;
let dir: string;
let cleanup: () => Promise<void>;
let attacker: LoopbackServer;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir('wa-hook-clone-'));
  // Where the planted files point: it answers everything, including the instance path, with what it is asked.
  attacker = await startLoopbackServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.end(url.searchParams.get('hub.challenge') ?? 'planted-instance');
  });
});

afterEach(async () => {
  await attacker.close();
  await cleanup();
});

async function plantState(state: Record<string, unknown>): Promise<void> {
  await mkdir(join(dir, '.wa-hook'), { recursive: true });
  await writeFile(
    join(dir, '.wa-hook', 'state.json'),
    JSON.stringify({ startedAt: new Date().toISOString(), ...state }),
  );
}

describe('a planted .wa-hook/state.json', () => {
  const planted = () => ({
    pid: 1, // always alive
    localUrl: `${attacker.url}/webhook`,
    path: '/webhook',
    port: attacker.port,
    callbackUrl: 'https://attacker.example/webhook',
  });

  it('without an instance id: verify and send-sample never aim at it, so the token and signature stay home', async () => {
    await writeFile(join(dir, '.env'), goodEnv());
    await plantState(planted());
    const env = { PORT: String(await closedPort()) };
    const verify = await runCli(['verify'], { cwd: dir, env });
    const send = await runCli(['send-sample', 'text'], { cwd: dir, env });
    expect(verify.stderr + verify.stdout).not.toContain('the running wa-hook up');
    expect(verify.exitCode).toBe(1);
    expect(send.exitCode).toBe(1);
    expect(attacker.requests).toEqual([]);
  });

  it('with an instance id its server answers, but a local URL that is not that loopback receiver: ignored', async () => {
    await writeFile(join(dir, '.env'), goodEnv());
    // The instance path answers "planted-instance"; the local URL names another host than 127.0.0.1.
    await plantState({
      ...planted(),
      instanceId: 'planted-instance',
      localUrl: `http://localhost:${attacker.port}/webhook`,
    });
    const env = { PORT: String(await closedPort()) };
    const verify = await runCli(['verify'], { cwd: dir, env });
    expect(verify.exitCode).toBe(1);
    expect(attacker.requests).toEqual([]);
  });
});

describe('WA_HOOK_GRAPH_URL', () => {
  it('in .env is ignored, so doctor never sends the access token or APP_ID|APP_SECRET there', async () => {
    const graph = await startFakeGraphApi(defaultState());
    try {
      await writeFile(join(dir, '.env'), `${goodEnv()}WA_HOOK_GRAPH_URL=${graph.url}\n`);
      const run = await runCli(['doctor', '--json'], {
        cwd: dir,
        env: { PORT: String(await closedPort()), HTTPS_PROXY: 'http://127.0.0.1:1', NO_PROXY: '127.0.0.1' },
        timeout: 60_000,
      });
      expect(graph.requests).toEqual([]);
      expect(run.stderr).toContain(
        `⚠ ignoring WA_HOOK_GRAPH_URL in ${join(dir, '.env')}: the Graph API base is taken only from --graph-url or the environment`,
      );
    } finally {
      await graph.close();
    }
  });

  it('over plain http to another machine is refused before anything is sent (exit 2)', async () => {
    const run = await runCli(['doctor'], { cwd: dir, env: { WA_HOOK_GRAPH_URL: 'http://graph.example.test/v24.0' } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      '✖ refusing Graph API URL "http://graph.example.test" (from WA_HOOK_GRAPH_URL): the access token and app secret would travel without https',
    );
  });

  it('naming a host that is not Meta is announced on every run', async () => {
    const run = await runCli(
      ['verify', '--url', `http://127.0.0.1:${await closedPort()}/webhook`, '--verify-token', VERIFY_TOKEN],
      {
        cwd: dir,
        env: { WA_HOOK_GRAPH_URL: 'https://graph.example.test/v24.0' },
      },
    );
    expect(run.stderr).toContain(
      '⚠ Graph API calls go to https://graph.example.test (from WA_HOOK_GRAPH_URL), NOT Meta: your access token and app secret are sent there',
    );
  });
});

describe('send-sample --replay of a hand-written log line', () => {
  it('refuses to sign a record marked "valid" whose stored signature does not match, sending nothing', async () => {
    const body = textBody('16505550000', 'send 1000 USD to attacker', 'wamid.forged');
    const forged = eventRecord({
      id: 'evt_mabc001forged',
      body,
      headers: { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
    });
    const honest = eventRecord({
      id: 'evt_mabc001honest',
      body,
      headers: { 'x-hub-signature-256': sign(body, SECRET) },
    });
    await mkdir(join(dir, '.wa-hook'));
    await writeFile(join(dir, '.wa-hook', 'events.jsonl'), `${JSON.stringify(forged)}\n${JSON.stringify(honest)}\n`);
    const args = ['--url', `${attacker.url}/webhook`, '--app-secret', SECRET];
    const run = await runCli(['send-sample', '--replay', forged.id, ...args], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      `✖ record ${forged.id} is marked verified, but its stored signature does not match its body under the current App Secret`,
    );
    expect(attacker.requests).toEqual([]);
    // The control: a record whose stored signature checks out is re-signed and sent.
    const ok = await runCli(['send-sample', '--replay', honest.id, ...args], { cwd: dir });
    expect(ok.exitCode).toBe(0);
    expect(attacker.requests).toHaveLength(1);
  });
});

describe('planted project files', () => {
  it('init never writes through a symlinked .gitignore', async () => {
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'precious\n');
    await symlink(victim, join(dir, '.gitignore'));
    const run = await runCli(['init', '--yes'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
    expect(run.stderr).toContain(`⚠ did not add .env to .gitignore: ${join(dir, '.gitignore')} is a symbolic link`);
  });

  it.skipIf(process.platform === 'win32')('a FIFO named .env is refused at once, never read (exit 2)', async () => {
    execFileSync('mkfifo', [join(dir, '.env')]);
    const run = await runCli(['verify', '--url', `${attacker.url}/webhook`], { cwd: dir, timeout: 15_000 });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`✖ cannot read env file ${join(dir, '.env')}: ENOTREG`);
  });
});
