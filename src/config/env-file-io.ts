import { constants } from 'node:fs';
import { chmod, lstat, open } from 'node:fs/promises';
import { readRegularFile } from '../platform/regular-file-io.js';
import { replaceViaExclusiveTemp } from '../state/safe-files-io.js';
import { join, resolve } from 'node:path';
import { parse } from 'dotenv';
import { UsageError } from '../errors.js';
import { decodeText, encodeText, encodingLabel, type TextEncodingName } from './env-encoding.js';
import { gitignoreCovers, updateEnvText } from './env-text.js';
import { errorCode, errorMessage, errorReason } from '../errors-narrow.js';

export interface DotenvFile {
  path: string;
  found: boolean;
  values: Record<string, string>;
  /** How the file was encoded (PowerShell 5.1 writes UTF-16LE); undefined when not found. */
  encoding?: TextEncodingName;
  /** Human label of `encoding`, e.g. "UTF-16LE with BOM". */
  encodingLabel?: string;
  /** Lines end in CR LF (Windows editors): loaders strip the CR, a shell that sources the file does not. */
  crlf?: boolean;
  /** The first variable name, the one a BOM hides from strict parsers. */
  firstKey?: string;
}

/**
 * Reads a .env file without touching process.env (config precedence is resolved in config/resolve.ts).
 * A missing default file is normal; a missing file the user named explicitly is a usage error.
 */
export async function readDotenv(cwd: string, file: string, explicit: boolean): Promise<DotenvFile> {
  const path = resolve(cwd, file);
  try {
    const { text, encoding } = decodeText(await readRegularFile(path));
    const values = parse(text);
    return {
      path,
      found: true,
      values,
      encoding,
      encodingLabel: encodingLabel(encoding),
      crlf: text.includes('\r\n'),
      firstKey: Object.keys(values)[0],
    };
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' && !explicit) return { path, found: false, values: {} };
    throw new UsageError(`cannot read env file ${path}: ${code ?? errorMessage(error)}`, {
      hint:
        code === 'ENOENT'
          ? 'check --env-path (or WA_HOOK_ENV_FILE), or run `wa-hook init` to create one'
          : code === 'ENOTREG'
            ? `it is not a regular file: remove it (\`rm ${JSON.stringify(path)}\`) or point --env-path at your real .env`
            : undefined,
      cause: error,
    });
  }
}

export interface EnvText {
  text: string;
  /** The file's encoding; UTF-8 for a file that does not exist yet. */
  encoding: TextEncodingName;
  exists: boolean;
}

/** The file's text decoded from whatever encoding it has, or '' when it does not exist yet. */
export async function readEnvText(path: string): Promise<EnvText> {
  try {
    return { ...decodeText(await readRegularFile(path)), exists: true };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { text: '', encoding: 'utf8', exists: false };
    throw new UsageError(`cannot read ${path}: ${errorReason(error)}`, {
      cause: error,
    });
  }
}

function encodeOrExplain(path: string, text: string, encoding: TextEncodingName): Uint8Array {
  try {
    return encodeText(text, encoding);
  } catch (error) {
    throw new UsageError(`cannot write ${path} in its encoding: ${errorMessage(error)}`, {
      // Not Set-Content -Encoding utf8: PowerShell 5.1 adds a BOM, which python-dotenv reads into the first name.
      hint: 'save the file as UTF-8 without BOM (VS Code: Save with Encoding → UTF-8) and run the command again',
      cause: error,
    });
  }
}

/**
 * Updates keys in a .env file, keeping every other line and comment, its encoding and its line endings.
 * Written to a temp file with mode 0600 and renamed over the original, so a crash or Ctrl-C never leaves
 * half a file with secrets in it.
 */
export async function writeEnvFile(
  path: string,
  updates: Readonly<Record<string, string>>,
  comments: Readonly<Record<string, string>> = {},
): Promise<void> {
  const current = await readEnvText(path);
  const bytes = encodeOrExplain(path, updateEnvText(current.text, updates, comments), current.encoding);
  try {
    // Exclusive temp file with a random name: a link planted as `.env.<pid>.tmp` is never written through.
    await replaceViaExclusiveTemp(path, bytes, 0o600);
    // rename keeps the temp file's mode, but be explicit in case a umask widened it.
    await chmod(path, 0o600);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${errorReason(error)}`, {
      cause: error,
    });
  }
}

export interface GitignoreUpdate {
  /** The line was added. */
  added: boolean;
  /** Why the file was left alone although it does not list `name` (a link or not a regular file). */
  refused?: string;
}

/**
 * Makes sure `.gitignore` in `dir` ignores `name`. A `.gitignore` that is a symbolic link (a cloned project
 * can point it at any file of the user's) or not a regular file is never written through.
 */
export async function ensureGitignored(dir: string, name: string): Promise<GitignoreUpdate> {
  const path = join(dir, '.gitignore');
  const stats = await lstat(path).catch(() => undefined);
  if (stats?.isSymbolicLink()) return { added: false, refused: `${path} is a symbolic link` };
  if (stats && !stats.isFile()) return { added: false, refused: `${path} is not a regular file` };
  const { text, encoding } = await readEnvText(path);
  if (gitignoreCovers(text, name)) return { added: false };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sep = text === '' || text.endsWith('\n') ? '' : eol;
  const bytes = encodeOrExplain(path, `${text}${sep}${name}${eol}`, encoding);
  // O_NOFOLLOW: a link swapped in since the check is refused by the kernel (ELOOP), never written through.
  const handle = await open(
    path,
    constants.O_WRONLY | constants.O_TRUNC | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0),
    0o644,
  );
  try {
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
  return { added: true };
}
