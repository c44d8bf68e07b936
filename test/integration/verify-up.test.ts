import { describe, expect, it } from 'vitest';
import { useUpProject } from '../helpers/up-project.js';
import type { RunningUp } from '../helpers/start-up.js';
import { runCli } from '../helpers/run-cli.js';
import { doctorJson } from '../helpers/doctor-project.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const TOKEN = 'tok_verify_up_0123456789';

describe('wa-hook verify against the bundled receiver (wa-hook up --tunnel none)', () => {
  const project = useUpProject();
  let up: RunningUp | undefined;

  it('passes with the right token and fails with the wrong-token hint otherwise', async () => {
    up = await project.start(['--verify-token', TOKEN]);

    const pass = await runCli(['verify', '--url', up.url, '--verify-token', TOKEN], { cwd: project.dir });
    expect(pass.exitCode).toBe(0);
    expect(pass.stdout).toMatch(/✔ verification passed \(200, body = challenge, \d+ ms\)/);
    expect(pass.stdout).toContain('✔ a wrong verify token is refused (403)');

    const fail = await runCli(['verify', '--url', up.url, '--verify-token', 'another-token-entirely', '--json'], {
      cwd: project.dir,
    });
    expect(fail.exitCode).toBe(1);
    expect(JSON.parse(fail.stdout)).toMatchObject({ ok: false, status: 403, cause: 'wrong-token' });
    expect(fail.stderr).toMatch(/→ the verify token differs from the one your receiver uses/);

    expect(await up.stop()).toBe(0);
  });

  it('finds the running up and its generated session token without any flag', async () => {
    up = await project.start([]);
    const run = await runCli(['verify'], { cwd: project.dir });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(`GET ${up.url}?hub.mode=subscribe`);
    expect(run.stderr).toContain('(the running wa-hook up)');
    expect(await up.stop()).toBe(0);
  });

  it('up --verify-token X with another token in .env: verify and doctor use X and name the mismatch', async () => {
    await writeFile(join(project.dir, '.env'), 'WHATSAPP_VERIFY_TOKEN=tok_in_dotenv_abcdefghijklmn\n');
    up = await project.start(['--verify-token', TOKEN]);

    const run = await runCli(['verify'], { cwd: project.dir });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(
      /answers with the verify token from its --verify-token flag \(tok_…\), not the one from \.env/,
    );
    expect(run.stderr + run.stdout).not.toContain(TOKEN);

    const { byId } = await doctorJson(project.dir, ['--offline'], {});
    const matches = byId('config.verify-token.matches-up');
    expect(matches.status).toBe('fail');
    expect(matches.finding).toMatch(/--verify-token flag .*not the one from \.env/);
    expect(byId('receiver.handshake').status).toBe('ok');
    expect(await up.stop()).toBe(0);
  });

  it('send-sample signing with another App Secret than the running up checks: says so before the 401', async () => {
    await writeFile(join(project.dir, '.env'), 'WHATSAPP_APP_SECRET=0123456789abcdef0123456789abcdef\n');
    up = await project.start(['--verify-token', TOKEN, '--app-secret', 'fedcba9876543210fedcba9876543210']);
    const run = await runCli(['send-sample'], { cwd: project.dir });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/the running `wa-hook up` checks signatures with another App Secret than 0123…/);
    expect(run.stderr + run.stdout).not.toMatch(/0123456789abcdef0123|fedcba9876543210fedc/);
    const same = await runCli(['send-sample', '--app-secret', 'fedcba9876543210fedcba9876543210'], {
      cwd: project.dir,
    });
    expect(same.exitCode).toBe(0);
    expect(same.stderr).not.toContain('another App Secret');
    expect(await up.stop()).toBe(0);
  });
});
