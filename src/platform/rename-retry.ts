/**
 * Windows refuses to rename over a file that another process holds open without FILE_SHARE_DELETE:
 * antivirus scanners, the search indexer, an editor, OneDrive. The error is EPERM, EBUSY or EACCES
 * and goes away within a few hundred ms, so a rename is retried briefly there (pure decision part).
 */

/** Delays before each retry, ~1.3 s in all: long enough for a scanner, short enough to feel instant. */
export const RENAME_RETRY_DELAYS_MS: readonly number[] = [20, 50, 100, 200, 400, 500];

export function isTransientRenameError(code: string | undefined, platform: NodeJS.Platform): boolean {
  if (platform !== 'win32') return false;
  return code === 'EPERM' || code === 'EBUSY' || code === 'EACCES';
}
