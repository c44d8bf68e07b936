/**
 * CLI options as commander hands them (an untyped record) → a command's typed options, parsed once before the
 * command runs. commander gives a string for `--flag <value>`, a boolean for `--flag` / `--no-flag` and either for
 * `--flag [value]`; a value of another type is a wiring mistake in cli.ts and says so instead of being cast away.
 * Numbers and ports are checked here too, so a command never sees "abc" where it wants a count.
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

/** Parses a whole-number option, with a usage error naming the flag. */
function wholeNumber(text: string, flag: string, min = 1): number {
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new UsageError(`${flag} must be a whole number ≥ ${min}, got "${text}"`);
  }
  return Number(text);
}

/** A URL given to `flag`: a usage error with `hint` (an example) when it is none. */
export function urlOption(text: string, flag: string, hint: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new UsageError(`${flag} is not a URL: ${text}`, { hint });
  }
}

/**
 * How an option is read: `text` for `--x <value>`, `flag` for `--x` / `--no-x`, `textOrFlag` for `--x [value]`,
 * `count` for a whole number ≥ 1, `zeroOrMore` for one ≥ 0, `port` for 0–65535.
 */
const KINDS = ['text', 'flag', 'textOrFlag', 'count', 'zeroOrMore', 'port'] as const;

/** Which keys a command reads, by kind. */
export type OptionSpec = { [K in (typeof KINDS)[number]]?: readonly string[] };

type Keys<L> = L extends readonly string[] ? L[number] : never;

/** The typed options a spec reads; each is undefined when not given. */
export type OptionsOf<S extends OptionSpec> = { [K in Keys<S['text']>]?: string } & {
  [K in Keys<S['flag']>]?: boolean;
} & { [K in Keys<S['textOrFlag']>]?: string | boolean } & {
  [K in Keys<S['count'] | S['zeroOrMore'] | S['port']>]?: number;
};

function wiringError(key: string, expected: string, value: unknown): Error {
  return new Error(`option ${flagName(key)}: expected ${expected} from the command line, got ${typeof value}`);
}

function text(raw: RawOptions, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined || typeof value === 'string') return value;
  throw wiringError(key, 'a value', value);
}

function whole(raw: RawOptions, key: string, min: number): number | undefined {
  const value = text(raw, key);
  return value === undefined ? undefined : wholeNumber(value, flagName(key), min);
}

function port(raw: RawOptions, key: string): number | undefined {
  const value = text(raw, key);
  if (value === undefined) return undefined;
  const parsed = parsePort(value);
  if (parsed === undefined)
    throw new UsageError(`invalid ${flagName(key)} "${value}"`, {
      hint: 'use a number from 0 to 65535; 0 picks a free port',
    });
  return parsed;
}

const READERS: Record<(typeof KINDS)[number], (raw: RawOptions, key: string) => unknown> = {
  text,
  flag(raw, key) {
    const value = raw[key];
    if (value === undefined || typeof value === 'boolean') return value;
    throw wiringError(key, 'a switch', value);
  },
  textOrFlag(raw, key) {
    const value = raw[key];
    if (value === undefined || typeof value === 'boolean' || typeof value === 'string') return value;
    throw wiringError(key, 'a value or a switch', value);
  },
  count: (raw, key) => whole(raw, key, 1),
  zeroOrMore: (raw, key) => whole(raw, key, 0),
  port,
};

/** Reads every key of the spec from commander's record, checked by its kind. */
export function readOptions<const S extends OptionSpec>(raw: RawOptions, spec: S): OptionsOf<S> {
  const options: Record<string, unknown> = {};
  for (const kind of KINDS)
    for (const key of spec[kind] ?? []) {
      const value = READERS[kind](raw, key);
      if (value !== undefined) options[key] = value;
    }
  // The one cast: the loop above builds exactly the keys and kinds OptionsOf<S> names.
  return options as OptionsOf<S>;
}

/** An option limited to `choices` (commander checks them too; this keeps the type honest). */
export function oneOf<T extends string>(raw: RawOptions, key: string, choices: readonly T[]): T | undefined {
  const value = text(raw, key);
  if (value === undefined) return undefined;
  const choice = choices.find((c) => c === value);
  if (choice === undefined) throw new UsageError(`${flagName(key)} must be ${choices.join(' or ')}, got "${value}"`);
  return choice;
}
