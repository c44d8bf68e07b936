import { access, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { execa } from 'execa';
import { gitignoreCovers } from './env-text.js';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function findRepoRoot(start: string): Promise<string | undefined> {
  for (let dir = start; ; dir = dirname(dir)) {
    if (await exists(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Is this file ignored / tracked by git? Asks git itself (nested .gitignore files, global excludes),
 * and falls back to reading the .gitignore next to the file when git is not installed.
 */
export async function gitStatusOf(file: string): Promise<{ inRepo: boolean; ignored?: boolean; tracked?: boolean }> {
  const dir = dirname(file);
  const root = await findRepoRoot(dir);
  if (!root) return { inRepo: false };
  const rel = relative(dir, file);
  try {
    const ignored = await execa('git', ['check-ignore', '-q', '--', rel], { cwd: dir, reject: false, timeout: 5000 });
    if (ignored.exitCode === 0 || ignored.exitCode === 1) {
      const tracked = await execa('git', ['ls-files', '--error-unmatch', '--', rel], {
        cwd: dir,
        reject: false,
        timeout: 5000,
      });
      return { inRepo: true, ignored: ignored.exitCode === 0, tracked: tracked.exitCode === 0 };
    }
  } catch {
    // git not installed: fall through to reading .gitignore files ourselves.
  }
  for (let d = dir; ; d = dirname(d)) {
    const text = await readFile(join(d, '.gitignore'), 'utf8').catch(() => '');
    if (gitignoreCovers(text, d === dir ? basename(file) : relative(d, file))) return { inRepo: true, ignored: true };
    if (d === root || dirname(d) === d) break;
  }
  return { inRepo: true, ignored: false };
}
