import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli.js';
import { flagName, oneOf, readOptions, type RawOptions } from '../../../src/commands/options.js';
import { UsageError } from '../../../src/errors.js';
import { upOptions } from '../../../src/commands/up/config.js';
import { localOptions } from '../../../src/commands/local.js';
import { verifyOptions } from '../../../src/commands/verify.js';
import { sendSampleOptions } from '../../../src/commands/send-sample/send-sample.js';
import { doctorOptions } from '../../../src/commands/doctor.js';
import { eventsOptions } from '../../../src/commands/events.js';
import { statusOptions } from '../../../src/commands/status.js';
import { testOptions } from '../../../src/commands/test.js';
import { initOptions } from '../../../src/commands/init/init.js';

const PARSERS: Record<string, (raw: RawOptions) => unknown> = {
  up: upOptions,
  local: localOptions,
  verify: verifyOptions,
  'send-sample': sendSampleOptions,
  doctor: doctorOptions,
  events: eventsOptions,
  status: statusOptions,
  test: testOptions,
  init: initOptions,
};

/** commander's record for argv, then the command's own parser: what the command runs with. */
async function optionsFor(argv: string[]): Promise<unknown> {
  let raw: RawOptions = {};
  const program = buildProgram(async (_load, opts) => {
    raw = opts;
  })
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await program.parseAsync(['node', 'wa-hook', ...argv]);
  const parse = PARSERS[argv[0]!];
  if (!parse) throw new Error(`no parser for ${argv[0]}`);
  return parse(raw);
}

describe('each command parses its options once, typed', () => {
  it('has a parser for every command, and each parser reads every option its command declares', () => {
    const program = buildProgram(async () => {});
    expect(Object.keys(PARSERS).sort()).toEqual(program.commands.map((c) => c.name()).sort());
    for (const command of program.commands) {
      const read = new Set<string>();
      const spy = new Proxy<RawOptions>(
        {},
        {
          get: (_target, key) => {
            if (typeof key === 'string') read.add(key);
            return undefined;
          },
        },
      );
      PARSERS[command.name()]!(spy);
      const declared = command.options.map((o) => o.attributeName());
      expect(
        declared.filter((name) => !read.has(name)),
        `${command.name()}: options no parser reads`,
      ).toEqual([]);
    }
  });

  it.each([
    ['send-sample text --count 5 --concurrency 2', { count: 5, concurrency: 2, timeoutMs: 10_000, slowMs: 5_000 }],
    ['send-sample text --seed 0 --print curl', { seed: 0, print: 'curl', count: 1 }],
    ['send-sample text --print', { print: true }],
    ['verify --timeout 250', { timeoutMs: 250 }],
    ['events --limit 3 --probes', { limit: 3, probes: true }],
    ['events', { limit: 50 }],
    [
      'up --inspect-port 0 --graph-port 4100 --slow-ms 900 --no-inspect',
      { inspectPort: 0, graphPort: 4100, slowMs: 900, inspect: false },
    ],
    ['up --tunnel none', { tunnel: 'none', slowMs: 5_000, inspect: true }],
    ['local fail 190 --next 3 --subcode 463', { next: 3, subcode: 463 }],
    ['test a.yaml --reporter junit --graph-port 0', { reporter: 'junit', graphPort: 0 }],
    ['test a.yaml', { reporter: 'human' }],
    ['doctor --offline --port 8001', { offline: true, port: '8001' }],
  ])('%s', async (argv, expected) => {
    expect(await optionsFor(argv.split(' '))).toMatchObject(expected);
  });

  it.each([
    ['send-sample text --count abc', '--count must be a whole number ≥ 1, got "abc"'],
    ['send-sample text --count 0', '--count must be a whole number ≥ 1, got "0"'],
    ['send-sample text --slow-ms 1.5', '--slow-ms must be a whole number ≥ 1, got "1.5"'],
    ['verify --timeout -5', '--timeout must be a whole number ≥ 1, got "-5"'],
    ['events --limit ten', '--limit must be a whole number ≥ 1, got "ten"'],
    ['up --inspect-port abc', 'invalid --inspect-port "abc"'],
    ['up --graph-port 70000', 'invalid --graph-port "70000"'],
    ['local fail 131047 --every 0', '--every must be a whole number ≥ 1, got "0"'],
  ])('%s is a usage error (exit 2) naming the flag', async (argv, message) => {
    const error = await optionsFor(argv.split(' ')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ message, exitCode: 2 });
  });
});

describe('readOptions', () => {
  it('spells a key the way the user typed the flag', () => {
    expect(flagName('slowMs')).toBe('--slow-ms');
    expect(flagName('phoneNumberId')).toBe('--phone-number-id');
    expect(flagName('url')).toBe('--url');
  });

  it('reads each kind, and leaves out what was not given', () => {
    const raw = { url: 'https://x', json: true, print: true, count: '3', seed: '0', port: '0' };
    const spec = {
      text: ['url', 'missing'],
      flag: ['json'],
      textOrFlag: ['print'],
      count: ['count'],
      zeroOrMore: ['seed'],
      port: ['port'],
    } as const;
    expect(readOptions(raw, spec)).toEqual({ url: 'https://x', json: true, print: true, count: 3, seed: 0, port: 0 });
  });

  it('refuses a value of the wrong kind as a wiring mistake instead of passing it on', () => {
    expect(() => readOptions({ url: 5 }, { text: ['url'] })).toThrow(
      'option --url: expected a value from the command line, got number',
    );
    expect(() => readOptions({ json: 'yes' }, { flag: ['json'] })).toThrow(
      'option --json: expected a switch from the command line, got string',
    );
    expect(() => readOptions({ print: 1 }, { textOrFlag: ['print'] })).toThrow('got number');
    expect(() => readOptions({ url: 5 }, { text: ['url'] })).not.toThrow(UsageError);
  });

  it('keeps a choice to its list', () => {
    expect(() => oneOf({ tunnel: 'ngrok' }, 'tunnel', ['cloudflared', 'none'])).toThrow(
      '--tunnel must be cloudflared or none, got "ngrok"',
    );
    expect(oneOf({ tunnel: 'none' }, 'tunnel', ['cloudflared', 'none'])).toBe('none');
    expect(oneOf({}, 'tunnel', ['cloudflared', 'none'])).toBeUndefined();
  });

  it('reads ports 0–65535 and nothing else', () => {
    expect(readOptions({ p: '65535' }, { port: ['p'] })).toEqual({ p: 65535 });
    expect(() => readOptions({ p: '65536' }, { port: ['p'] })).toThrow('invalid --p "65536"');
    expect(() => readOptions({ n: '0' }, { count: ['n'] })).toThrow('--n must be a whole number ≥ 1, got "0"');
  });
});
