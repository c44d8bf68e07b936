/**
 * Event log settings from the environment (read by `up`): WA_HOOK_LOG_MAX_MB (rotate past this size,
 * default 64), WA_HOOK_LOG_KEEP (rotated files kept, default 3), WA_HOOK_LOG_FSYNC=1 (fdatasync before
 * each 200: survives a power loss, costs a disk flush per batch).
 */
import { UsageError } from '../../errors.js';

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_KEEP = 3;

export interface LogSettings {
  maxBytes: number;
  keep: number;
  fsync: boolean;
}

function bad(name: string, value: string, want: string): UsageError {
  return new UsageError(`${name} must be ${want}; got "${value}"`, { hint: `unset ${name} for the default` });
}

export function logSettings(env: Readonly<Record<string, string | undefined>>): LogSettings {
  const settings: LogSettings = { maxBytes: DEFAULT_MAX_BYTES, keep: DEFAULT_KEEP, fsync: false };
  const mb = env.WA_HOOK_LOG_MAX_MB;
  if (mb !== undefined && mb !== '') {
    const value = Number(mb);
    if (!(value > 0) || !Number.isFinite(value)) throw bad('WA_HOOK_LOG_MAX_MB', mb, 'a size in MB above 0');
    settings.maxBytes = Math.max(1024, Math.round(value * 1024 * 1024));
  }
  const keep = env.WA_HOOK_LOG_KEEP;
  if (keep !== undefined && keep !== '') {
    if (!/^\d{1,2}$/.test(keep)) throw bad('WA_HOOK_LOG_KEEP', keep, 'a number of files from 0 to 99');
    settings.keep = Number(keep);
  }
  const fsync = env.WA_HOOK_LOG_FSYNC;
  if (fsync !== undefined && fsync !== '') {
    if (!/^(1|0|true|false|yes|no)$/i.test(fsync)) throw bad('WA_HOOK_LOG_FSYNC', fsync, '1 or 0');
    settings.fsync = /^(1|true|yes)$/i.test(fsync);
  }
  return settings;
}
