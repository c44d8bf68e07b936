import type { Ctx } from '../context.js';
import { createTheme, SYMBOLS } from './theme.js';
import type { ChalkInstance } from 'chalk';
import { guardLine } from './terminal-text.js';

/**
 * Output for one command run. stdout is data (results, live event lines, JSON), stderr is talk
 * (progress, warnings, hints). With --json, stdout carries only JSON; talk still goes to stderr.
 */
export interface Output {
  readonly json: boolean;
  readonly theme: ChalkInstance;
  /** A result line on stdout (human mode only). */
  result(line: string): void;
  /** Progress or information on stderr (human mode only). */
  info(line: string): void;
  /** Always shown on stderr, in both modes. */
  warn(message: string, hint?: string): void;
  /** Always shown on stderr, in both modes. */
  fail(message: string, hint?: string): void;
  ok(message: string): void;
  /** One JSON value per line on stdout (JSON mode only). */
  data(value: unknown): void;
  /** The same for a value already serialized as one line of JSON. */
  dataLine(json: string): void;
}

export function createOutput(ctx: Ctx, json: boolean): Output {
  const theme = createTheme(ctx.color);
  // Human lines pass guardLine (terminal-text.ts): no control character reaches the terminal but our colours.
  // JSON lines are already escaped by JSON.stringify.
  const out = (line: string) => ctx.stdout.write(`${json ? line : guardLine(line)}\n`);
  const err = (line: string) => ctx.stderr.write(`${guardLine(line)}\n`);
  const hintLine = (hint?: string) => {
    if (hint) err(`  ${theme.cyan(SYMBOLS.hint)} ${hint}`);
  };
  return {
    json,
    theme,
    result: (line) => {
      if (!json) out(line);
    },
    info: (line) => {
      if (!json) err(line);
    },
    warn: (message, hint) => {
      err(`${theme.yellow(SYMBOLS.warn)} ${message}`);
      hintLine(hint);
    },
    fail: (message, hint) => {
      err(`${theme.red(SYMBOLS.fail)} ${message}`);
      hintLine(hint);
    },
    ok: (message) => {
      if (!json) err(`${theme.green(SYMBOLS.ok)} ${message}`);
    },
    data: (value) => {
      if (json) out(JSON.stringify(value));
    },
    dataLine: (line) => {
      if (json) out(line);
    },
  };
}
