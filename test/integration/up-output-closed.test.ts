import { describe, expect, it } from 'vitest';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { useUpProject } from '../helpers/up-project.js';

/** `wa-hook up | head -1`: when the reader goes away, up stops cleanly instead of dying on EPIPE. */
describe('up whose output pipe closes', () => {
  const project = useUpProject();

  it('stops like after Ctrl-C: one line on stderr, exit 0, state.json removed', async () => {
    const up = await project.start([]);
    const state = join(project.dir, '.wa-hook', 'state.json');
    await access(state);
    up.proc.stdout!.destroy();
    // Each request makes up print a line: the first write into the closed pipe fails with EPIPE.
    const exited = up.proc.then((r) => r.exitCode);
    for (let i = 0; i < 50 && up.proc.exitCode === null; i++) {
      await request(up.url).then(
        (r) => r.body.dump(),
        () => undefined,
      );
    }
    expect(await exited).toBe(0);
    expect(up.stderr()).toContain('wa-hook up: output closed, stopping');
    expect(up.stderr()).not.toMatch(/EPIPE|\n\s+at /);
    await expect(access(state)).rejects.toThrow();
  });
});
