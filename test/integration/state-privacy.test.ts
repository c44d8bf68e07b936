import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { useUpProject } from '../helpers/up-project.js';
import { doctorJson } from '../helpers/doctor-project.js';

/** `.wa-hook/` holds customers' messages and the verify token: it must never show up in the user's `git status`. */
describe('.wa-hook/ stays out of git', () => {
  const project = useUpProject();

  it('up creates .wa-hook/.gitignore (*); doctor checks it and names the fix when it is gone', async () => {
    await execa('git', ['init', '-q'], { cwd: project.dir });
    const up = await project.start([]);
    const status = await execa('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: project.dir });
    expect(status.stdout).not.toContain('.wa-hook');
    expect(await readFile(join(project.dir, '.wa-hook', '.gitignore'), 'utf8')).toMatch(/^\*$/m);

    expect((await doctorJson(project.dir, ['--offline'], {})).byId('config.state-gitignore').status).toBe('ok');
    await rm(join(project.dir, '.wa-hook', '.gitignore'));
    const gone = (await doctorJson(project.dir, ['--offline'], {})).byId('config.state-gitignore');
    expect(gone.status).toBe('fail');
    expect(gone.fix).toMatch(/\.wa-hook\/\.gitignore containing `\*`/);
    expect(await up.stop()).toBe(0);
  });
});
