import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';
import { SLOW_WORK_TIMEOUT_MS } from '../helpers/slow-work.js';

/** What the registry gets: the promised LICENSE, every image the README shows, and no stray tarballs in git. */
describe('the packed tarball', () => {
  it(
    'holds the LICENSE and every local image the README links to',
    async () => {
      const packed = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
      const files = new Set(
        (JSON.parse(packed.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path),
      );
      expect(files.has('LICENSE')).toBe(true);
      const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { license: string };
      expect(await readFile(join(ROOT, 'LICENSE'), 'utf8')).toMatch(new RegExp(`^${pkg.license} License`));
      const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
      const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)]
        .map((m) => m[1]!)
        .filter((u) => !/^https?:/.test(u));
      expect(images.length).toBeGreaterThan(0);
      for (const image of images) expect([...files], `${image} is not in the package`).toContain(image);
    },
    SLOW_WORK_TIMEOUT_MS,
  );

  it('npm pack output (*.tgz) is git-ignored', async () => {
    const run = await execa('git', ['check-ignore', '-q', '--no-index', 'wa-hook-0.1.0.tgz'], {
      cwd: ROOT,
      reject: false,
    });
    expect(run.exitCode).toBe(0);
  });
});
