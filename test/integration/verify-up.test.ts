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
});
