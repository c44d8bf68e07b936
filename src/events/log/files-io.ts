/**
 * Where the event log lives and how it is opened. A project folder can come from anywhere (a cloned bot
 * template, a shared folder): a `.wa-hook/events.jsonl` symlink would make `up` append internet requests to
 * its target (a shell rc file), so neither the folder nor the file may be a symlink, and both must be ours.
 */
import { constants, fstatSync, lstatSync, mkdirSync, openSync, closeSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UnsafeStateError } from '../../state/safe-files-io.js';
import { errorCode } from '../../errors-narrow.js';

// Windows has no O_NOFOLLOW (and no symlinks a normal user can create): 0 there.
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** `events.jsonl` → `events.1.jsonl` (newest rotated) … `events.N.jsonl` (oldest kept). */
export function rotatedPath(path: string, n: number): string {
  return path.replace(/(\.jsonl)?$/, `.${n}$1`);
}

// Same error and words as the other files of `.wa-hook/` (state/safe-files-io.ts).
function refuse(path: string, what: string): UnsafeStateError {
  return new UnsafeStateError(path, what);
}

function checkOwner(path: string, st: Stats): void {
  const uid = process.getuid?.();
  if (uid !== undefined && uid !== 0 && st.uid !== uid)
    throw refuse(path, `it belongs to another user (uid ${st.uid})`);
}

/** `.wa-hook/` exists, is a real directory (not a symlink) and is ours. */
export function ensureLogDir(path: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (st.isSymbolicLink()) throw refuse(dir, 'it is a symbolic link (wa-hook never follows links in .wa-hook/)');
  if (!st.isDirectory()) throw refuse(dir, 'it is not a regular directory');
  checkOwner(dir, st);
}

function checkOpened(path: string, st: Stats): void {
  if (!st.isFile()) throw refuse(path, 'it is not a regular file');
  checkOwner(path, st);
}

function openError(path: string, error: unknown): unknown {
  // O_NOFOLLOW on a symlink: ELOOP on Linux, EMLINK on FreeBSD, EFTYPE on NetBSD.
  const code = errorCode(error);
  return code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE'
    ? refuse(path, 'it is a symbolic link (wa-hook never follows links in .wa-hook/)')
    : error;
}

/** Opens (creating, 0600) the log for appending; never through a symlink, never a FIFO or device. */
export function openForAppend(path: string): number {
  ensureLogDir(path);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO planted there must not hang; it is refused just below.
    const flags = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | O_NOFOLLOW | (constants.O_NONBLOCK ?? 0);
    fd = openSync(path, flags, 0o600);
  } catch (error) {
    throw openError(path, error);
  }
  try {
    checkOpened(path, fstatSync(fd));
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/** Opens a log file for reading; undefined when it does not exist. Symlinks and non-files are refused. */
export async function openForRead(path: string): Promise<FileHandle | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | O_NOFOLLOW | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw openError(path, error);
  }
  try {
    checkOpened(path, await handle.stat());
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
