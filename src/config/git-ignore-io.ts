import { access, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { gitRelativePath } from '../platform/paths.js';
import { execa } from 'execa';
import { decodeText } from './env-encoding.js';
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
export async function gitStatusOf(
  file: string,
  platform: NodeJS.Platform = process.platform,
): Promise<{ inRepo: boolean; ignored?: boolean; tracked?: boolean }> {
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
    const bytes = await readFile(join(d, '.gitignore')).catch(() => undefined);
    const text = bytes ? decodeText(bytes).text : '';
    if (gitignoreCovers(text, gitRelativePath(d, file, platform))) return { inRepo: true, ignored: true };
    if (d === root || dirname(d) === d) break;
  }
  return { inRepo: true, ignored: false };
}
