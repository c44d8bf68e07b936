/** What the event log says on the terminal: plain words for the two things a user must act on or know. */
import { errorCode, errorMessage } from '../../errors-narrow.js';

const MB = 1024 * 1024;

function size(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

export function rotationNotice(path: string, maxBytes: number, keep: number): string {
  if (keep === 0) return `event log reached ${size(maxBytes)}: deleted it and started a new ${path}`;
  const first = path.replace(/(\.jsonl)?$/, '.1$1');
  return (
    `event log reached ${size(maxBytes)}: moved it to ${first} and started a new one ` +
    `(keeping ${keep} older file${keep === 1 ? '' : 's'}; \`wa-hook events\` reads them all)`
  );
}

const CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file size limit reached',
  EROFS: 'read-only file system',
  EIO: 'disk I/O error',
};

/** A failed log write as an error whose message names the cause plainly ("disk full (ENOSPC)"). */
export function writeFailure(error: unknown, path: string): Error {
  const code = errorCode(error) ?? '';
  const cause = CAUSES[code];
  const text = cause ? `${cause} (${code})` : errorMessage(error);
  return Object.assign(new Error(`could not write ${path}: ${text}`, { cause: error }), { code, cause: error });
}

/** The hint printed under a request that could not be recorded. */
export function writeFailureHint(code: string | undefined): string {
  return code === 'ENOSPC' || code === 'EDQUOT'
    ? 'free some disk space: the request was answered 500 without being recorded, and Meta retries it'
    : 'the request was answered 500 without being recorded; Meta retries it';
}

/** Said once per log file, when refused traffic has spent its share of it. */
export function refusedBudgetNotice(path: string, budget: number): string {
  return (
    `refused requests filled their ${size(budget)} share of ${path}: further refused requests are shown but not recorded until the log rotates ` +
    `(accepted events are always recorded)`
  );
}
