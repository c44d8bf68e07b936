import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stateDir } from './state-file-io.js';

/**
 * Creates `.wa-hook/` with a `.gitignore` of `*`: the folder holds customers' messages, phone numbers and
 * the verify token, and must never show up in `git status` of the user's repository. An existing
 * .gitignore is left as the user made it.
 */
export async function ensureStateDir(cwd: string): Promise<string> {
  const dir = stateDir(cwd);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, '.gitignore'), '# written by wa-hook: nothing in here belongs in git\n*\n', {
    flag: 'wx',
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return dir;
}
