import { rename } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { RENAME_RETRY_DELAYS_MS, isTransientRenameError } from './rename-retry.js';
import { errorCode } from '../errors-narrow.js';

export interface RenameRetryOptions {
  platform?: NodeJS.Platform;
  /** Injectable for tests; defaults to fs.promises.rename. */
  rename?: (from: string, to: string) => Promise<void>;
  delaysMs?: readonly number[];
}

/**
 * `rename(from, to)` that retries briefly while Windows reports the target busy (see rename-retry.ts);
 * any other error, or the last transient one, is thrown unchanged.
 */
export async function renameWithRetry(from: string, to: string, options: RenameRetryOptions = {}): Promise<void> {
  const platform = options.platform ?? process.platform;
  const doRename = options.rename ?? rename;
  const delays = options.delaysMs ?? RENAME_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await doRename(from, to);
      return;
    } catch (error) {
      const code = errorCode(error);
      if (attempt >= delays.length || !isTransientRenameError(code, platform)) throw error;
      await sleep(delays[attempt]);
    }
  }
}
