import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';

/** Parses argv with the real registry and returns what the command action would receive. */
async function parse(argv: string[]) {
  const calls: Array<{ opts: Record<string, unknown>; args: string[] }> = [];
  const program = buildProgram(async (_load, opts, args) => {
    calls.push({ opts, args });
  })
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await program.parseAsync(['node', 'wa-hook', ...argv]);
  return calls[0]!;
}

describe('command registry', () => {
  it.each([
    ['up defaults', ['up'], { inspect: true }, []],
    ['up --clipboard forces a copy', ['up', '--clipboard'], { clipboard: true }, []],
    [
      'up named tunnel',
      ['up', '--tunnel-name', 'bot', '--hostname', 'hook.example.com'],
      { tunnelName: 'bot', hostname: 'hook.example.com' },
      [],
    ],
    [
      'up localtunnel',
      ['up', '--tunnel', 'localtunnel', '--subdomain', 'my-bot-hook'],
      { tunnel: 'localtunnel', subdomain: 'my-bot-hook' },
      [],
    ],
    [
      'up flags',
      [
        'up',
        '--tunnel',
        'none',
        '--port',
        '0',
        '--no-clipboard',
        '--show-token',
        '--forward-to',
        'http://127.0.0.1:8000/h',
      ],
      { tunnel: 'none', port: '0', clipboard: false, showToken: true, forwardTo: 'http://127.0.0.1:8000/h' },
      [],
    ],
    [
      'verify',
      ['verify', '--url', 'https://x/webhook', '--verify-token', 't', '--json'],
      { url: 'https://x/webhook', verifyToken: 't', json: true, timeout: '10000' },
      [],
    ],
    [
      'send-sample names',
      ['send-sample', 'text', 'image', '--count', '5', '--concurrency', '2'],
      { count: '5', concurrency: '2' },
      ['text', 'image'],
    ],
    [
      'send-sample replay',
      ['send-sample', '--replay', 'last', '--app-secret', 's'],
      { replay: 'last', appSecret: 's' },
      [],
    ],
    [
      'doctor',
      ['doctor', '--offline', '--fix', '--yes', '--graph-url', 'http://127.0.0.1:1'],
      { offline: true, fix: true, yes: true, graphUrl: 'http://127.0.0.1:1' },
      [],
    ],
    ['events show', ['events', 'show', 'last'], { limit: '50' }, ['show', 'last']],
    ['init', ['init', '--yes', '--env-path', 'bot.env'], { yes: true, envPath: 'bot.env' }, []],
    // Old spelling, hidden from --help: Node.js intercepts it, but where it gets through it still works.
    ['init --env-file', ['init', '--yes', '--env-file=bot.env'], { yes: true, envFile: 'bot.env' }, []],
  ])('%s', async (_name, argv, expected, args) => {
    const call = await parse(argv);
    expect(call.opts).toMatchObject(expected);
    expect(call.args).toEqual(args);
  });

  it.each([
    ['unknown tunnel provider', ['up', '--tunnel', 'ngrok']],
    ['unsigned with bad signature', ['send-sample', '--unsigned', '--bad-signature']],
    ['unknown option', ['verify', '--nope']],
    ['unknown command', ['bogus']],
  ])('rejects %s', async (_name, argv) => {
    await expect(parse(argv)).rejects.toMatchObject({ exitCode: 1 });
  });

  it('gives every command help examples', () => {
    const program = buildProgram(async () => {});
    for (const command of program.commands) {
      let help = '';
      command.configureOutput({ writeOut: (s) => (help += s) });
      command.outputHelp();
      expect(help, command.name()).toContain('Examples:');
      expect(help, command.name()).toContain(`$ wa-hook ${command.name()}`);
    }
  });
});
