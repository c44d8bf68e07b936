/**
 * Copies text to the clipboard with clipboardy, degrading to a stated reason where no clipboard exists
 * (https://github.com/sindresorhus/clipboardy). Never throws and never changes an exit code.
 */
import { clipboardTimeoutMs } from './clipboard-limits.js';

export type ClipboardStatus = 'copied' | 'skipped' | 'failed';

export interface ClipboardResult {
  status: ClipboardStatus;
  /** Why it was skipped or failed; undefined when copied. */
  reason?: string;
}

export interface ClipboardOptions {
  env: NodeJS.ProcessEnv;
  /** false: --no-clipboard. true: the user asked explicitly (copy even when not on a terminal). */
  enabled?: boolean;
  interactive: boolean;
  platform?: string;
  timeoutMs?: number;
  /** Injectable writer (tests, other platforms); defaults to clipboardy 5, imported only when needed. */
  write?: (text: string) => Promise<void>;
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.CI && env.CI !== 'false' && env.CI !== '0');
}

/** Why copying makes no sense here, or undefined when it is worth trying. */
export function clipboardSkipReason(options: ClipboardOptions): string | undefined {
  const platform = options.platform ?? process.platform;
  if (options.enabled === false) return '--no-clipboard';
  if (options.enabled !== true) {
    if (isCi(options.env)) return 'running in CI';
    if (!options.interactive) return 'not an interactive terminal; --clipboard forces it';
  }
  if (platform === 'linux' && !options.env.DISPLAY && !options.env.WAYLAND_DISPLAY && !options.env.WSL_DISTRO_NAME) {
    return 'no display server (DISPLAY and WAYLAND_DISPLAY unset: SSH, container, headless)';
  }
  return undefined;
}

let loading: Promise<typeof import('clipboardy')> | undefined;

/**
 * Starts importing clipboardy (~200 ms of module loading) while the tunnel is still coming up, so the
 * copy itself is not on the critical path. Harmless if never used.
 */
export function preloadClipboard(options: ClipboardOptions): void {
  if (!options.write && clipboardSkipReason(options) === undefined) {
    loading ??= import('clipboardy');
    loading.catch(() => undefined);
  }
}

async function clipboardyWrite(text: string): Promise<void> {
  loading ??= import('clipboardy');
  const { default: clipboard } = await loading;
  await clipboard.write(text);
}

/** First line of an error, without clipboardy's long explanation. */
function shortReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 160);
}

export async function copyToClipboard(text: string, options: ClipboardOptions): Promise<ClipboardResult> {
  const skip = clipboardSkipReason(options);
  if (skip) return { status: 'skipped', reason: skip };
  const timeoutMs = options.timeoutMs ?? clipboardTimeoutMs(options.platform ?? process.platform);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    await Promise.race([(options.write ?? clipboardyWrite)(text), timeout]);
    return { status: 'copied' };
  } catch (error) {
    return { status: 'failed', reason: shortReason(error) };
  } finally {
    clearTimeout(timer);
  }
}
