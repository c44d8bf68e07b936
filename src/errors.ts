/**
 * Typed errors: the only way commands report failure. `cli.ts` maps them to exit codes in one place,
 * so commands never call process.exit and cleanup (tunnels, state file) always runs.
 */
export class WaHookError extends Error {
  readonly exitCode: number;
  readonly hint?: string;
  /** The command already printed the message as its result (stdout): cli.ts adds only the hint. */
  readonly shown: boolean;

  constructor(message: string, options: { exitCode?: number; hint?: string; cause?: unknown; shown?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = 'WaHookError';
    this.exitCode = options.exitCode ?? 1;
    this.hint = options.hint;
    this.shown = options.shown ?? false;
  }
}

/** Bad flag, missing secret, unreadable file: exit 2. */
export class UsageError extends WaHookError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { ...options, exitCode: 2 });
    this.name = 'UsageError';
  }
}

/** A check or a delivery failed and the output already said why: exit 1. */
export class CheckFailedError extends WaHookError {
  constructor(message: string, options: { hint?: string; cause?: unknown; shown?: boolean } = {}) {
    super(message, { ...options, exitCode: 1 });
    this.name = 'CheckFailedError';
  }
}

/** @inquirer/prompts throws ExitPromptError on Ctrl-C; that is a cancel, not a crash. */
export function isUserCancel(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}
