import { cp, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** A source clone installed without dev dependencies, or never built: clear words, no stack, no failed install. */
describe('installing from a source clone', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    // The launcher and the prepare script, as in a fresh clone: no dist/, no node_modules/.
    await mkdir(join(dir, 'bin'));
    await mkdir(join(dir, 'scripts'));
    await cp(join(ROOT, 'bin', 'wa-hook.js'), join(dir, 'bin', 'wa-hook.js'));
    await cp(join(ROOT, 'scripts', 'prepare.mjs'), join(dir, 'scripts', 'prepare.mjs'));
    await cp(join(ROOT, 'package.json'), join(dir, 'package.json'));
  });
  afterAll(() => cleanup());

  it('the launcher without dist/ says "not built" with the command to run (exit 1, no stack)', async () => {
    const run = await execa('node', ['bin/wa-hook.js', '--help'], { cwd: dir, reject: false });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/✖ wa-hook is not built: .*dist\/ is missing/);
    expect(run.stderr).toMatch(/→ run `npm install && npm run build`/);
    expect(run.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|at async/);
  });

  it('prepare without TypeScript (npm install --omit=dev) succeeds and says why nothing was built', async () => {
    const run = await execa('node', ['scripts/prepare.mjs'], { cwd: dir, reject: false });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/TypeScript is not installed .*dist\/ was not built/);
  });

  it('package.json runs that script as prepare', async () => {
    const { scripts } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.prepare).toBe('node scripts/prepare.mjs');
  });
});
