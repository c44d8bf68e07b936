/**
 * One `up` per folder: `.wa-hook/up.lock` holds the pid of the `up` that owns `.wa-hook/` (state.json,
 * the event log's writer, the session token). A second `up` in the same folder is refused with the pid
 * and URL of the running one, instead of overwriting its state and deleting it on exit. A lock left by a
 * dead process (kill -9, power loss) is taken over. Liveness goes through isPidAlive, so a better
 * liveness check (pid reuse) applies here too.
 */
import { join } from 'node:path';
import { WaHookError } from '../errors.js';
import { isPidAlive } from '../platform/pid-io.js';
import { createSafeFileExclusive, readSafeFile, removeSafeFile } from './safe-files-io.js';
import { readState, stateDir } from './state-file-io.js';
import { recordOr } from '../json-narrow.js';

export interface UpLock {
  path: string;
  /** Removes the lock if it is still ours. */
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  startedAt?: string;
}

export function lockPath(cwd: string): string {
  return join(stateDir(cwd), 'up.lock');
}

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    const holder = recordOr(JSON.parse((await readSafeFile(path)) ?? 'null'));
    if (typeof holder.pid !== 'number') return undefined;
    return { pid: holder.pid, ...(typeof holder.startedAt === 'string' ? { startedAt: holder.startedAt } : {}) };
  } catch (error) {
    if (error instanceof WaHookError) throw error; // a planted link: say so, never take it over
    return undefined;
  }
}

async function runningError(cwd: string, holder: Holder): Promise<WaHookError> {
  const state = await readState(cwd);
  const mine = state?.pid === holder.pid ? state : undefined;
  const where = mine
    ? `, ${mine.callbackUrl ?? mine.localUrl}${mine.callbackUrl ? ` → ${mine.localUrl}` : ''}`
    : ' (still starting)';
  return new WaHookError(`another \`wa-hook up\` is running in this folder (pid ${holder.pid}${where})`, {
    hint:
      `use that one (\`wa-hook events\`, \`wa-hook send-sample\` find it), stop it (Ctrl-C in ` +
      `its terminal, or \`kill ${holder.pid}\`), or run the second one from another folder`,
  });
}

/** Takes the folder's lock or throws (exit 1) naming the running `up`. */
export async function acquireUpLock(cwd: string, pid: number = process.pid): Promise<UpLock> {
  const path = lockPath(cwd);
  const text = `${JSON.stringify({ pid, startedAt: new Date().toISOString() })}\n`;
  // Two rounds: a stale lock is removed once, then ours must go in (or someone else's did, just now).
  for (let round = 0; round < 2; round += 1) {
    if (await createSafeFileExclusive(path, text)) {
      return {
        path,
        release: async () => {
          const holder = await readHolder(path).catch(() => undefined);
          if (holder?.pid === pid) await removeSafeFile(path);
        },
      };
    }
    const holder = await readHolder(path);
    if (holder && holder.pid !== pid && isPidAlive(holder.pid)) throw await runningError(cwd, holder);
    // Dead owner or unreadable content: stale, remove it and try again.
    await removeSafeFile(path);
  }
  const holder = await readHolder(path);
  throw await runningError(cwd, holder ?? { pid: 0 });
}
