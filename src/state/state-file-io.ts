import { join } from 'node:path';
import { isPidAlive } from '../platform/pid-io.js';
import { readSafeFile, removeSafeFile, writeSafeFile } from './safe-files-io.js';

/** What a running `wa-hook up` tells the other commands (`.wa-hook/state.json`). */
export interface UpState {
  pid: number;
  startedAt: string;
  /** Local callback URL, e.g. http://127.0.0.1:8000/webhook */
  localUrl: string;
  path: string;
  port: number;
  /** Public origin and callback URL once a tunnel (or --public-url) is up. */
  publicUrl?: string;
  callbackUrl?: string;
  provider?: string;
  forwardTo?: string;
  inspectorUrl?: string;
  /**
   * Only when `up` generated the verify token for this session, so `verify`/`doctor` can use it.
   * The file is written 0600 and lives in the git-ignored .wa-hook folder.
   */
  sessionVerifyToken?: string;
}

export const STATE_DIR = '.wa-hook';

export function stateDir(cwd: string): string {
  return join(cwd, STATE_DIR);
}

export function statePath(cwd: string): string {
  return join(stateDir(cwd), 'state.json');
}

/** The state of a live `up`, or undefined. A file left by a dead `up` (kill -9) is ignored. */
export async function readState(cwd: string): Promise<UpState | undefined> {
  let state: UpState;
  try {
    // A planted symlink or foreign file is ignored here (readers only); `up` refuses it when writing.
    state = JSON.parse((await readSafeFile(statePath(cwd))) ?? 'null') as UpState;
  } catch {
    return undefined;
  }
  if (typeof state?.pid !== 'number' || typeof state.localUrl !== 'string') return undefined;
  return isPidAlive(state.pid) ? state : undefined;
}

/** Written atomically (exclusive temp file + rename) so a reader never sees half a file and no link is followed. */
export async function writeState(cwd: string, state: UpState): Promise<void> {
  await writeSafeFile(statePath(cwd), `${JSON.stringify(state, null, 2)}\n`);
}

/** Removes the state file only if it still belongs to this process. */
export async function removeState(cwd: string, pid: number = process.pid): Promise<void> {
  try {
    const state = JSON.parse((await readSafeFile(statePath(cwd))) ?? 'null') as UpState | null;
    if (state?.pid !== pid) return;
  } catch {
    return;
  }
  await removeSafeFile(statePath(cwd));
}
