/**
 * A spinner on a TTY (ora, imported lazily), one plain line per state change everywhere else, nothing at
 * all with --json (stdout carries only JSON; the NDJSON events say the same).
 */
import type { Ctx } from '../context.js';
import type { Output } from './output-io.js';

export interface Spinner {
  /** Shows that something is in progress (replaces the previous text). */
  start(text: string): void;
  /** Ends the current progress without a line (the caller prints the outcome). */
  clear(): void;
}

export async function createSpinner(ctx: Ctx, out: Output): Promise<Spinner> {
  if (out.json) return { start: () => {}, clear: () => {} };
  // A pty without a size (columns 0, e.g. under `script`) makes ora clear "Infinity" lines: plain lines there.
  const columns = 'columns' in ctx.stderr && typeof ctx.stderr.columns === 'number' ? ctx.stderr.columns : 0;
  if (!ctx.isTTY || !ctx.color || columns <= 0) {
    let last = '';
    return {
      start: (text) => {
        if (text !== last) out.info(`… ${text}`);
        last = text;
      },
      clear: () => {
        last = '';
      },
    };
  }
  const { default: ora } = await import('ora');
  // discardStdin would put stdin in raw mode and swallow Ctrl-C handling; up relies on SIGINT.
  const spinner = ora({ stream: ctx.stderr, discardStdin: false });
  return {
    start: (text) => {
      spinner.text = text;
      if (!spinner.isSpinning) spinner.start();
    },
    clear: () => {
      if (spinner.isSpinning) spinner.stop();
    },
  };
}
