import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useUpProject } from '../helpers/up-project.js';
import { runCli } from '../helpers/run-cli.js';
import { closedPort, doctorJson } from '../helpers/doctor-project.js';
import { PATH_WITH_FAKES, startUpTunnel } from '../helpers/start-up-tunnel.js';
import { makeTempDir, useTempDir } from '../helpers/temp-dir.js';

const TOKEN = 'tok_hints_running_up_0123456789';
const OLD_SECRET = '0123456789abcdef0123456789abcdef';
const NEW_SECRET = 'fedcba9876543210fedcba9876543210';

/** Issue 27 item 11: when the receiver is wa-hook's own `up`, the hints talk about it, not about "your code". */
describe('hints when the receiver is the running wa-hook up', () => {
  const project = useUpProject();
  const writeEnv = (lines: string[]) => writeFile(join(project.dir, '.env'), `${lines.join('\n')}\n`);

  it('.env got another App Secret after up started: send-sample and doctor say restart up, not "fix your HMAC"', async () => {
    await writeEnv([`WHATSAPP_VERIFY_TOKEN=${TOKEN}`, `WHATSAPP_APP_SECRET=${OLD_SECRET}`]);
    await project.start([]);
    await writeEnv([`WHATSAPP_VERIFY_TOKEN=${TOKEN}`, `WHATSAPP_APP_SECRET=${NEW_SECRET}`]);

    const send = await runCli(['send-sample', 'text'], { cwd: project.dir });
    expect(send.exitCode).toBe(1);
    expect(send.stdout).toMatch(/→ text 401/);
    const said = send.stdout + send.stderr;
    expect(said).toContain('restart `wa-hook up` (it started before .env had this secret)');
    // What wa-hook advises (the → lines); the receiver's own 401 text is quoted as it said it.
    const hints = said.split('\n').filter((l) => l.startsWith('  → '));
    expect(hints.length).toBeGreaterThan(0);
    expect(hints.join('\n')).not.toMatch(/re-serialized|raw bytes|HMAC/);

    const { byId } = await doctorJson(project.dir, ['--offline'], {});
    expect(byId('receiver.signed-event')).toMatchObject({ status: 'fail' });
    expect(byId('receiver.signed-event').fix).toBe('restart `wa-hook up` (it started before .env had this secret)');
  });

  it('up started before .env had the secret: send-sample passes but says up checks no signatures', async () => {
    await writeEnv([`WHATSAPP_VERIFY_TOKEN=${TOKEN}`]);
    await project.start([]);
    await writeEnv([`WHATSAPP_VERIFY_TOKEN=${TOKEN}`, `WHATSAPP_APP_SECRET=${NEW_SECRET}`]);
    const send = await runCli(['send-sample', 'text'], { cwd: project.dir });
    expect(send.exitCode).toBe(0);
    expect(send.stderr).toContain('the running `wa-hook up` does not check signatures');
    expect(send.stderr).toContain('restart `wa-hook up` (it started before .env had the secret)');
  });

  it('forward mode, backend down: verify names the backend, never "start `wa-hook up`", and a 502 is no refusal', async () => {
    const backend = `http://127.0.0.1:${await closedPort()}/hook`;
    await writeEnv([`WHATSAPP_VERIFY_TOKEN=${TOKEN}`]);
    await project.start(['--forward-to', backend]);

    const run = await runCli(['verify'], { cwd: project.dir });
    expect(run.exitCode).toBe(1);
    const said = run.stdout + run.stderr;
    expect(said).toContain(`its backend ${backend} did not answer`);
    expect(said).toContain(`start your backend at ${backend}`);
    expect(said).not.toMatch(/start the receiver|start it with `wa-hook up`/);
    expect(said).not.toContain('wrong verify token is refused');

    const json = await runCli(['verify', '--json'], { cwd: project.dir });
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      status: 502,
      cause: 'origin-unreachable',
      wrongToken: { accepted: false, refused: false, status: 502 },
    });

    const send = await runCli(['send-sample', 'text'], { cwd: project.dir });
    expect(send.exitCode).toBe(1);
    expect(send.stdout + send.stderr).toContain(`could not reach its backend ${backend}: start your backend`);
  });
});

describe("up's own self-test in forward mode with the backend down", () => {
  const temp = useTempDir();

  it('names the backend to start, not `wa-hook up` (which is running)', async () => {
    const dir = temp.dir;
    const backend = `http://127.0.0.1:${await closedPort()}/hook`;
    await writeFile(join(dir, '.env'), `WHATSAPP_VERIFY_TOKEN=${TOKEN}\n`);
    const up = await startUpTunnel(
      ['--tunnel', 'cloudflared', '--no-clipboard', '--no-inspect', '--forward-to', backend],
      {
        cwd: dir,
        env: { PATH: PATH_WITH_FAKES },
      },
    );
    try {
      const verdict = await up.waitForEvent((e) => e.type === 'verify', 'the self-test');
      expect(verdict).toMatchObject({ ok: false, status: 502 });
      expect(JSON.stringify(verdict)).toContain(`start your backend at ${backend}`);
      expect(JSON.stringify(verdict)).not.toMatch(/start the receiver/);
    } finally {
      await up.stop();
    }
  });
});

describe('the wrong-token probe', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('a 502 for the wrong token is not "refused": verify warns, doctor does not pass it', async () => {
    // Answers Meta's handshake right, and a wrong token with a gateway error (a proxy whose backend fell over).
    server = createServer((req, res) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      if (req.method === 'GET' && q.get('hub.verify_token') === TOKEN) return res.end(q.get('hub.challenge') ?? '');
      if (req.method === 'GET') return res.writeHead(502).end('Bad Gateway');
      req.resume();
      req.on('end', () => res.end());
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}/webhook`;
    const temp = await makeTempDir();
    try {
      const run = await runCli(['verify', '--url', url, '--verify-token', TOKEN], { cwd: temp.dir });
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain('✔ verification passed');
      expect(run.stdout).not.toContain('wrong verify token is refused');
      expect(run.stderr).toContain('a wrong verify token got 502, not a refusal');

      const json = JSON.parse(
        (await runCli(['verify', '--url', url, '--verify-token', TOKEN, '--json'], { cwd: temp.dir })).stdout,
      );
      expect(json.wrongToken).toEqual({ accepted: false, refused: false, status: 502 });

      await writeFile(join(temp.dir, '.env'), `WHATSAPP_VERIFY_TOKEN=${TOKEN}\nPORT=${port}\n`);
      const { byId } = await doctorJson(temp.dir, ['--offline'], {});
      expect(byId('receiver.wrong-token')).toMatchObject({ status: 'warn' });
      expect(byId('receiver.wrong-token').finding).toBe('a wrong verify token got 502, not a refusal');
    } finally {
      await temp.cleanup();
    }
  });
});
