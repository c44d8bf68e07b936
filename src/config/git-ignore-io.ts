import { access, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { execFile } from 'node:child_process';
import { gitRelativePath } from '../platform/paths.js';
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

/** git's exit code, or undefined when git could not run (not installed, timed out). */
function gitExitCode(args: string[], cwd: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 5000, windowsHide: true }, (error) => {
      if (!error) return resolve(0);
      resolve(typeof error.code === 'number' && !error.killed ? error.code : undefined);
    });
  });
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
  // Both questions at once; node:child_process rather than execa keeps doctor's start-up light.
  const [ignored, tracked] = await Promise.all([
    gitExitCode(['check-ignore', '-q', '--', rel], dir),
    gitExitCode(['ls-files', '--error-unmatch', '--', rel], dir),
  ]);
  if (ignored === 0 || ignored === 1) return { inRepo: true, ignored: ignored === 0, tracked: tracked === 0 };
  // git not installed (or failed): fall through to reading .gitignore files ourselves.
  for (let d = dir; ; d = dirname(d)) {
    const bytes = await readFile(join(d, '.gitignore')).catch(() => undefined);
    const text = bytes ? decodeText(bytes).text : '';
    if (gitignoreCovers(text, gitRelativePath(d, file, platform))) return { inRepo: true, ignored: true };
    if (d === root || dirname(d) === d) break;
  }
  return { inRepo: true, ignored: false };
}
