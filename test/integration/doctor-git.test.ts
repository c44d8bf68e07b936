import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { closedPort, doctorJson, goodEnv, makeProject } from '../helpers/doctor-project.js';
import { useCleanups } from '../helpers/cleanups.js';

const defer = useCleanups();

const git = (dir: string, ...args: string[]) =>
  execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir });

describe('doctor: .env and git (asks the real git)', () => {
  it('not ignored → fail; ignored → ok; committed → fail', async () => {
    const p = await makeProject(goodEnv({ WHATSAPP_ACCESS_TOKEN: undefined, PORT: String(await closedPort()) }));
    defer(p.cleanup);
    await git(p.dir, 'init', '-q');
    const args = ['--offline'];
    expect((await doctorJson(p.dir, args, {})).byId('config.gitignore')).toMatchObject({
      status: 'fail',
      finding: expect.stringMatching(/not git-ignored/),
    });
    await writeFile(join(p.dir, '.gitignore'), '.env\n');
    expect((await doctorJson(p.dir, args, {})).byId('config.gitignore').status).toBe('ok');
    await git(p.dir, 'add', '-f', '.env');
    await git(p.dir, 'commit', '-qm', 'oops');
    expect((await doctorJson(p.dir, args, {})).byId('config.gitignore').finding).toMatch(/committed to git/);
  });
});
