/**
 * CLI options as commander hands them (an untyped record) → a command's typed options, parsed once before the
 * command runs. commander gives a string for `--flag <value>`, a boolean for `--flag` / `--no-flag` and either for
 * `--flag [value]`; a value of another type is a wiring mistake in cli.ts and says so instead of being cast away.
 * Numbers are checked here too, so a command never sees "abc" where it wants a count.
 */
import { UsageError } from '../errors.js';
import { parsePort } from '../config/resolve.js';
import type { Ctx } from '../context.js';

export type RawOptions = Readonly<Record<string, unknown>>;

/** What cli.ts runs: commander's record of options, the context, the positional arguments. */
export type CommandAction = (raw: RawOptions, ctx: Ctx, args: string[]) => Promise<void>;

/** A command behind its option parser: the command only ever sees options that were parsed and checked. */
export function parsedCommand<T>(
  parse: (raw: RawOptions) => T,
  command: (opts: T, ctx: Ctx, args: string[]) => Promise<void>,
): CommandAction {
  return (raw, ctx, args) => command(parse(raw), ctx, args);
}

/** `slowMs` → `--slow-ms`: how the user typed the option, for messages. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function wiringError(key: string, expected: string, value: unknown): Error {
  return new Error(`option ${flagName(key)}: expected ${expected} from the command line, got ${typeof value}`);
}

/** Parses a whole-number option, with a usage error naming the flag. */
export function wholeNumber(text: string, flag: string, min = 1): number {
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new UsageError(`${flag} must be a whole number ≥ ${min}, got "${text}"`);
  }
  return Number(text);
}

export interface OptionReader {
  /** A `--flag <value>` option. */
  text(key: string): string | undefined;
  /** A `--flag` or `--no-flag` switch. */
  flag(key: string): boolean | undefined;
  /** A `--flag [value]` option: true when given bare. */
  textOrFlag(key: string): string | boolean | undefined;
  /** An option limited to `choices` (commander checks them too; this keeps the type honest). */
  oneOf<T extends string>(key: string, choices: readonly T[]): T | undefined;
  /** A whole number ≥ min; undefined when the option is absent. */
  count(key: string, min?: number): number | undefined;
  /** A TCP port 0–65535 (0 picks a free one); undefined when the option is absent. */
  port(key: string): number | undefined;
}

export function readOptions(raw: RawOptions): OptionReader {
  const text = (key: string): string | undefined => {
    const value = raw[key];
    if (value === undefined || typeof value === 'string') return value;
    throw wiringError(key, 'a value', value);
  };
  return {
    text,
    flag(key) {
      const value = raw[key];
      if (value === undefined || typeof value === 'boolean') return value;
      throw wiringError(key, 'a switch', value);
    },
    textOrFlag(key) {
      const value = raw[key];
      if (value === undefined || typeof value === 'boolean' || typeof value === 'string') return value;
      throw wiringError(key, 'a value or a switch', value);
    },
    oneOf(key, choices) {
      const value = text(key);
      if (value === undefined) return undefined;
      const choice = choices.find((c) => c === value);
      if (choice === undefined)
        throw new UsageError(`${flagName(key)} must be ${choices.join(' or ')}, got "${value}"`);
      return choice;
    },
    count(key, min = 1) {
      const value = text(key);
      return value === undefined ? undefined : wholeNumber(value, flagName(key), min);
    },
    port(key) {
      const value = text(key);
      if (value === undefined) return undefined;
      const port = parsePort(value);
      if (port === undefined)
        throw new UsageError(`invalid ${flagName(key)} "${value}"`, {
          hint: 'use a number from 0 to 65535; 0 picks a free port',
        });
      return port;
    },
  };
}
