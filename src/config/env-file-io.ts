import { chmod, readFile, writeFile } from 'node:fs/promises';
import { replaceViaExclusiveTemp } from '../state/safe-files-io.js';
import { join, resolve } from 'node:path';
import { parse } from 'dotenv';
import { UsageError } from '../errors.js';
import { gitignoreCovers, updateEnvText } from './env-text.js';

export interface DotenvFile {
  path: string;
  found: boolean;
  values: Record<string, string>;
}

/**
 * Reads a .env file without touching process.env (config precedence is resolved in core/config.ts).
 * A missing default file is normal; a missing file the user named explicitly is a usage error.
 */
export async function readDotenv(cwd: string, file: string, explicit: boolean): Promise<DotenvFile> {
  const path = resolve(cwd, file);
  try {
    return { path, found: true, values: parse(await readFile(path)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return { path, found: false, values: {} };
    throw new UsageError(`cannot read env file ${path}: ${code ?? (error as Error).message}`, {
      hint: code === 'ENOENT' ? 'check --env-file, or run `wa-hook init` to create one' : undefined,
      cause: error,
    });
  }
}

/** The file's text, or '' when it does not exist yet. */
export async function readEnvText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Updates keys in a .env file, keeping every other line and comment. Written to a temp file with mode 0600
 * and renamed over the original, so a crash or Ctrl-C never leaves half a file with secrets in it.
 */
export async function writeEnvFile(
  path: string,
  updates: Readonly<Record<string, string>>,
  comments: Readonly<Record<string, string>> = {},
): Promise<void> {
  const text = updateEnvText(await readEnvText(path), updates, comments);
  try {
    // Exclusive temp file with a random name: a link planted as `.env.<pid>.tmp` is never written through.
    await replaceViaExclusiveTemp(path, text, 0o600);
    // rename keeps the temp file's mode, but be explicit in case a umask widened it.
    await chmod(path, 0o600);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      cause: error,
    });
  }
}

/** Makes sure `.gitignore` in `dir` ignores `name`; returns true when it added the line. */
export async function ensureGitignored(dir: string, name: string): Promise<boolean> {
  const path = join(dir, '.gitignore');
  const text = await readEnvText(path);
  if (gitignoreCovers(text, name)) return false;
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  await writeFile(path, `${text}${sep}${name}\n`);
  return true;
}
