/**
 * Symlink-safe access to `.wa-hook/`. A project folder can come from anywhere (a cloned bot template, a
 * shared folder): a `.wa-hook/verify-token` that is a symlink to `~/.ssh/authorized_keys` must never be
 * truncated, and a symlinked `.wa-hook/` must never redirect what `up` writes. So the folder must be a
 * real directory owned by the user, files are opened with O_NOFOLLOW, and every write goes to a fresh
 * temp file (random name, O_EXCL) renamed over the target: rename replaces a link, never its target.
 */
import { constants, type Stats } from 'node:fs';
import { link, lstat, mkdir, open, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { WaHookError } from '../errors.js';
import { renameWithRetry } from '../platform/rename-retry-io.js';
import { errorCode } from '../errors-narrow.js';

// Windows has no O_NOFOLLOW (and no symlinks a normal user can create without privilege).
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/** Refusing to touch a file planted in `.wa-hook/`: one clear line, exit 1. */
export class UnsafeStateError extends WaHookError {
  constructor(path: string, what: string) {
    super(`refusing to use ${path}: ${what}`, {
      hint: `remove it (\`rm ${JSON.stringify(path)}\`) and run the command again; wa-hook recreates what it needs`,
    });
    this.name = 'UnsafeStateError';
  }
}

function ownerProblem(stats: Stats): string | undefined {
  const uid = process.getuid?.();
  // Root may use a folder it does not own (sudo in a user's checkout); everyone else only their own.
  if (uid === undefined || uid === 0 || stats.uid === uid) return undefined;
  return `it belongs to another user (uid ${stats.uid})`;
}

function kindProblem(stats: Stats, want: 'directory' | 'file'): string | undefined {
  if (stats.isSymbolicLink()) return 'it is a symbolic link (wa-hook never follows links in .wa-hook/)';
  if (want === 'directory' ? !stats.isDirectory() : !stats.isFile()) return `it is not a regular ${want}`;
  return ownerProblem(stats);
}

/**
 * Makes sure `dir` is a real directory owned by the user, creating it (0700) when missing unless
 * `create` is false; then false tells the caller there is no folder (nothing to read).
 */
export async function ensureSafeDir(dir: string, create = true): Promise<boolean> {
  let stats: Stats;
  try {
    stats = await lstat(dir);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
    if (!create) return false;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    stats = await lstat(dir);
  }
  const problem = kindProblem(stats, 'directory');
  if (problem) throw new UnsafeStateError(dir, problem);
  return true;
}

/** Throws when `path` exists and is not a regular file of ours (a link is not followed); true when it exists. */
export async function checkExisting(path: string): Promise<boolean> {
  let stats: Stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
  const problem = kindProblem(stats, 'file');
  if (problem) throw new UnsafeStateError(path, problem);
  return true;
}

/**
 * The text of a file in a checked folder, or undefined when it does not exist. A symlink, a FIFO or a
 * file of another user is refused (UnsafeStateError) without being opened through.
 */
export async function readSafeFile(path: string): Promise<string | undefined> {
  if (!(await ensureSafeDir(dirname(path), false))) return undefined;
  let handle;
  try {
    // O_NONBLOCK: a FIFO planted in place of the file must not hang the command on open.
    handle = await open(path, constants.O_RDONLY | NOFOLLOW | NONBLOCK);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP')
      throw new UnsafeStateError(path, 'it is a symbolic link (wa-hook never follows links in .wa-hook/)');
    throw error;
  }
  try {
    const problem = kindProblem(await handle.stat(), 'file');
    if (problem) throw new UnsafeStateError(path, problem);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Writes `text` to `path` atomically: a temp file with an unpredictable name created exclusively (O_EXCL,
 * O_NOFOLLOW, mode 0600) in the same folder, then renamed over the target. An existing target that is not
 * a regular file of ours is refused before anything is written.
 */
export async function writeSafeFile(path: string, text: string | Uint8Array, mode = 0o600): Promise<void> {
  await ensureSafeDir(dirname(path));
  await checkExisting(path);
  await replaceViaExclusiveTemp(path, text, mode);
}

/**
 * Writes `text` to a fresh temp file next to `path`, created with O_EXCL|O_NOFOLLOW under an unpredictable
 * name (a link planted under a guessable one is never written through), and returns its path. Removed again
 * when the write fails.
 */
async function writeExclusiveTemp(path: string, text: string | Uint8Array, mode: number): Promise<string> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, mode);
  try {
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return tmp;
}

/**
 * The write half of writeSafeFile, for files outside `.wa-hook/` (the project's .env): a fresh exclusive temp
 * file next to `path` (writeExclusiveTemp: never `.env.<pid>.tmp`, a name a link could be planted under),
 * renamed over it.
 */
export async function replaceViaExclusiveTemp(path: string, text: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = await writeExclusiveTemp(path, text, mode);
  try {
    // Windows: an antivirus or indexer holding the target makes this fail briefly (EPERM/EBUSY).
    await renameWithRetry(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/**
 * Creates `path` with `text` only if nothing is there yet: false when something already is (a file, a
 * link, anything). The text is written to a private temp file first and hard-linked into place, so the
 * file appears whole and at once: a concurrent reader never sees it empty. Used for lock files.
 */
export async function createSafeFileExclusive(path: string, text: string, mode = 0o600): Promise<boolean> {
  await ensureSafeDir(dirname(path));
  const tmp = await writeExclusiveTemp(path, text, mode);
  try {
    // link(2) fails with EEXIST on any existing name, a dangling symlink included, and never follows it.
    await link(tmp, path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Removes a file; a symlink is removed itself (unlink never follows), its target stays. */
export async function removeSafeFile(path: string): Promise<void> {
  await rm(path, { force: true });
}
