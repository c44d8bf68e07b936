/**
 * The registry of commands: every command, option, default and help example, and the one place that
 * maps errors to exit codes. Command modules are imported lazily so `wa-hook --help` stays fast.
 */
import { createRequire } from 'node:module';
import { UsageError, WaHookError, isUserCancel } from './errors.js';
import { guardLine } from './ui/terminal-text.js';
import { NPM_SWALLOWED_HINT, npmSwallowedFlags } from './platform/npm-argv.js';
import type { CommandAction, RawOptions } from './commands/options.js';
import { stopSignals } from './platform/process-tree.js';
import { SLOW_ACK_MS } from './events/ack-time.js';

// commander through require(): imported as ESM, its CommonJS source is parsed once more by the ESM loader to
// find its named exports, ~5 ms of every start-up including `--help` (measured by npm run bench).
const { Command, Option, CommanderError } = createRequire(import.meta.url)('commander') as typeof import('commander');
type Command = import('commander').Command;

/** Config flags (docs/configuration.md): each mirrors an env variable and overrides it. */
const CONFIG_OPTIONS = {
  verifyToken: () =>
    new Option('--verify-token <token>', 'verify token Meta sends as hub.verify_token (env WHATSAPP_VERIFY_TOKEN)'),
  appSecret: () =>
    new Option('--app-secret <secret>', 'Meta app secret, key of X-Hub-Signature-256 (env WHATSAPP_APP_SECRET)'),
  accessToken: () => new Option('--access-token <token>', 'Graph API access token (env WHATSAPP_ACCESS_TOKEN)'),
  phoneNumberId: () => new Option('--phone-number-id <id>', 'business phone number id (env WHATSAPP_PHONE_NUMBER_ID)'),
  wabaId: () => new Option('--waba-id <id>', 'WhatsApp Business Account id (env WHATSAPP_BUSINESS_ACCOUNT_ID)'),
  appId: () => new Option('--app-id <id>', 'Meta app id (env WHATSAPP_APP_ID)'),
  port: () =>
    new Option(
      '--port <port>',
      'port of the bundled receiver on 127.0.0.1; 0 picks a free one (env PORT, default 8000)',
    ),
  // Commands that only aim at a receiver: a "free port" means nothing there.
  targetPort: () =>
    new Option(
      '--port <port>',
      'port of the local receiver to aim at when no `wa-hook up` runs (env PORT, default 8000)',
    ),
  savedPort: () => new Option('--port <port>', 'PORT to save in .env (default 8000)'),
  path: () => new Option('--path <path>', 'callback path (env WEBHOOK_PATH, default /webhook)'),
  graphUrl: () => new Option('--graph-url <url>', 'Graph API base URL (env WA_HOOK_GRAPH_URL)'),
} as const;

type ConfigOptionName = keyof typeof CONFIG_OPTIONS;

function withCommon(cmd: Command, configFlags: ConfigOptionName[]): Command {
  for (const name of configFlags) cmd.addOption(CONFIG_OPTIONS[name]());
  cmd.option('--env-path <path>', 'read configuration from this .env file (env WA_HOOK_ENV_FILE, default ./.env)');
  // Old spelling, hidden: Node.js intercepts --env-file before wa-hook runs (config/env-file-choice.ts).
  cmd.addOption(new Option('--env-file <path>').hideHelp());
  cmd.option('--json', 'machine-readable output on stdout (nothing else on stdout)');
  return cmd;
}

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

export function buildProgram(
  run: (load: () => Promise<CommandAction>, opts: RawOptions, args: string[]) => Promise<void>,
): Command {
  const program = new Command('wa-hook')
    .description(
      'Set up, test and debug a WhatsApp Cloud API webhook: local receiver, public tunnel, signed samples, diagnostics.',
    )
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError()
    // Throw instead of exiting, for every subcommand too (inherited), so main() maps usage errors to exit 2.
    .exitOverride()
    .addHelpText(
      'after',
      examples(['wa-hook up', 'wa-hook verify', 'wa-hook send-sample text --text "Hello 👋"', 'wa-hook doctor']),
    );

  withCommon(
    program
      .command('up')
      .description(
        'start the receiver (or forward to your backend), open a public tunnel, copy the callback URL, self-test it',
      )
      .addOption(
        new Option(
          '--tunnel <provider>',
          'tunnel provider (default: cloudflared when it is on PATH, else localtunnel)',
        ).choices(['cloudflared', 'localtunnel', 'none']),
      )
      .option('--forward-to <url>', "pass Meta's requests (GET/POST to the callback path) through to your own backend")
      .option('--forward-subpaths', 'with --forward-to: also forward any method on any path under the callback path')
      .option('--hostname <host>', 'named cloudflared tunnel: the permanent public hostname')
      .option('--tunnel-name <name>', 'named cloudflared tunnel: its name')
      .option('--subdomain <name>', 'localtunnel: ask for this subdomain')
      .option('--public-url <url>', 'you already have a public URL (own tunnel or domain): start no tunnel')
      .option('--clipboard', 'copy the callback URL even when not on an interactive terminal')
      .option('--no-clipboard', 'do not copy the callback URL to the clipboard')
      .option('--show-token', 'print the verify token in full')
      .option('--register', "update Meta's app subscription with the callback URL once the tunnel is up")
      .option('--echo', 'bundled bot answers incoming texts through the Graph API')
      .option(
        '--slow-ms <ms>',
        `forward mode: flag backend answers slower than this in the live view and inspector (default ${SLOW_ACK_MS})`,
      )
      .option('--inspect-port <port>', 'port of the loopback-only web inspector (default 4040; 0 = any free port)')
      .option('--no-inspect', 'do not start the web inspector')
      .option('--local', "local WhatsApp: Meta's Graph API send side on 127.0.0.1 (no tunnel, no real Meta)")
      .option(
        '--graph-port <port>',
        "with --local: port of local WhatsApp's Graph API (default 4041; 0 = any free port)",
      ),
    ['port', 'path', 'verifyToken', 'appSecret', 'accessToken', 'phoneNumberId', 'wabaId', 'appId', 'graphUrl'],
  )
    .addHelpText(
      'after',
      examples([
        'wa-hook up                                   # receiver on :8000 + tunnel, URL copied',
        'wa-hook up --tunnel none                     # local receiver only',
        'wa-hook up --forward-to http://127.0.0.1:8000/api/v1/webhooks/whatsapp',
        'wa-hook up --register                        # also point Meta at each new URL (needs app id + secret)',
        'wa-hook up --tunnel-name bot --hostname hook.example.com',
        'wa-hook up --public-url https://hook.example.com',
        'wa-hook up --tunnel none --json | jq .type',
        'wa-hook up --local --echo                    # local WhatsApp + the echo bot, zero configuration',
        'wa-hook up --local --forward-to http://127.0.0.1:3000/webhook   # your bot, Graph API on :4041',
      ]),
    )
    .addHelpText(
      'after',
      [
        '',
        'Point your client at local WhatsApp (up --local):',
        '  @kapso/whatsapp-cloud-api  new WhatsAppClient({ accessToken, baseUrl: "http://127.0.0.1:4041" })',
        '  whatsapp-api-js            ponyfill: { fetch: (u, i) => fetch(String(u).replace("https://graph.facebook.com", "http://127.0.0.1:4041"), i) }',
        '  pywa                       session=httpx.Client(transport=…) pointing graph.facebook.com at 127.0.0.1:4041',
        "  Meta's Node SDK            HTTPS on port 443 only (WA_BASE_URL is a host): needs a TLS proxy with a trusted certificate",
        '  fetch / requests           GRAPH_API_BASE_URL=http://127.0.0.1:4041/v24.0',
      ].join('\n'),
    )
    .action((opts: RawOptions) => run(async () => (await import('./commands/up/up.js')).upCommand, opts, []));

  withCommon(
    program
      .command('local')
      .argument('<what>', 'clock, fail or templates')
      .argument('[args...]', 'clock: +25h · fail: CODE · templates: list | pull | status NAME STATUS')
      .description('steer the running `up --local`: move its clock, inject Meta errors, manage its templates')
      .option('--next <n>', 'fail: the next N sends (default 1)')
      .option('--to <number>', 'fail: every send to this number')
      .option('--every <n>', 'fail: every Nth send')
      .option('--subcode <n>', 'fail: the error_subcode to send (e.g. 463 with 190)')
      .option('--list', 'fail: list the fault rules')
      .option('--clear', 'fail: remove every fault rule')
      .option('--language <code>', 'templates status: only this language (e.g. en_US)'),
    ['accessToken', 'wabaId', 'graphUrl'],
  )
    .addHelpText(
      'after',
      examples([
        'wa-hook local clock +25h                     # customers now last wrote 25 h ago: free-form sends fail 131047',
        'wa-hook local fail 130429 --next 3           # the next 3 sends hit the throughput limit',
        'wa-hook local fail 131026 --to +16505551234  # that customer is not on WhatsApp',
        'wa-hook local fail 463                       # the access token expires',
        'wa-hook local fail --list',
        'wa-hook local fail --clear',
        'wa-hook local templates',
        'wa-hook local templates status order_confirmation PAUSED',
        'wa-hook local templates pull                 # copy your real templates (read-only on Meta)',
      ]),
    )
    .action((what: string, args: string[], opts: RawOptions) =>
      run(async () => (await import('./commands/local.js')).localCommand, opts, [what, ...args]),
    );

  withCommon(
    program
      .command('verify')
      .description("simulate Meta's verification GET against a callback URL and judge the answer as Meta would")
      .option(
        '--url <callback-url>',
        'callback URL to test (default: the running `wa-hook up`, else the local default)',
      )
      .option('--timeout <ms>', 'give up after this many milliseconds', '10000'),
    ['verifyToken', 'targetPort', 'path'],
  )
    .addHelpText(
      'after',
      examples([
        'wa-hook verify',
        'wa-hook verify --url https://abc.trycloudflare.com/webhook --verify-token your-verify-token',
        'wa-hook verify --url http://127.0.0.1:8000/api/v1/webhooks/whatsapp --verify-token your-verify-token --json',
      ]),
    )
    .action((opts: RawOptions) => run(async () => (await import('./commands/verify.js')).verifyCommand, opts, []));

  withCommon(
    program
      .command('send-sample')
      .argument('[names...]', 'sample names (see --list); default: text')
      .description('send Meta-faithful, correctly signed sample events (or replay recorded ones)')
      .option('--list', 'list the available samples')
      .option('--all', 'send every sample')
      .option('--url <callback-url>', 'where to send (default: the running `wa-hook up`, else the local default)')
      .option('--text <text>', 'message text / caption')
      .option('--from <wa-id>', "sender's WhatsApp id (phone number digits)")
      .option('--name <name>', "sender's profile name")
      .option('--file <payload.json>', 'send this hand-written payload (serialized the way Meta does)')
      .option('--replay <id|last>', 'resend a recorded event from .wa-hook/events.jsonl with its original bytes')
      .option('--scenario <name>', 'play a delivery scenario (statuses of a reply, duplicates, out of order, retries)')
      .option('--api-version <version>', 'shape samples for this Graph API version (default: the one wa-hook uses)')
      .option('--count <n>', 'send this many (burst)', '1')
      .option('--concurrency <c>', 'requests in flight during a burst', '1')
      .option('--timeout <ms>', 'per-request timeout in milliseconds', '10000')
      .option(
        '--slow-ms <ms>',
        `warn when an accepted answer takes longer than this (default ${SLOW_ACK_MS}; Meta times out after about 20 s and resends)`,
      )
      .addOption(new Option('--unsigned', 'send without X-Hub-Signature-256').conflicts('badSignature'))
      .addOption(new Option('--bad-signature', 'send a wrong signature (negative test)').conflicts('unsigned'))
      .option(
        '--out <dir>',
        'write the samples as fixture files (NAME.json bytes + NAME.headers.json) instead of sending',
      )
      .option('--print [format]', 'print one sample as an HTTP request, or "curl": a ready curl command (POSIX shell)')
      .option('--seed <n>', 'with --out/--print: the same ids and timestamps on every run'),
    ['appSecret', 'phoneNumberId', 'targetPort', 'path'],
  )
    .addHelpText(
      'after',
      examples([
        'wa-hook send-sample --list',
        'wa-hook send-sample text --text "Привет 👋 https://example.com/a"',
        'wa-hook send-sample image status-delivered',
        'wa-hook send-sample --all --url http://127.0.0.1:8000/api/v1/webhooks/whatsapp',
        'wa-hook send-sample --replay last',
        'wa-hook send-sample --scenario reply-lifecycle',
        'wa-hook send-sample status-sent --api-version v23.0',
        'wa-hook send-sample text --count 10000 --concurrency 50',
        'wa-hook send-sample text --slow-ms 1000                  # warn above 1 s instead of 5 s',
        'wa-hook send-sample --all --out test/fixtures/whatsapp --seed 1',
        'wa-hook send-sample text --print curl',
      ]),
    )
    .action((names: string[], opts: RawOptions) =>
      run(async () => (await import('./commands/send-sample/send-sample.js')).sendSampleCommand, opts, names),
    );

  withCommon(
    program
      .command('doctor')
      .description('check config, receiver, tunnel, HTTPS, signatures and the Meta setup; a fix for every failure')
      .option('--url <callback-url>', 'public callback URL to check (default: the running `wa-hook up`)')
      .option('--offline', 'skip the Graph API checks')
      .option('--fix', 'perform the safe fixes through the Graph API (asks first)')
      .option('--yes', 'with --fix: do not ask'),
    ['verifyToken', 'appSecret', 'accessToken', 'phoneNumberId', 'wabaId', 'appId', 'targetPort', 'path', 'graphUrl'],
  )
    .addHelpText('after', examples(['wa-hook doctor', 'wa-hook doctor --offline --json', 'wa-hook doctor --fix']))
    .action((opts: RawOptions) => run(async () => (await import('./commands/doctor.js')).doctorCommand, opts, []));

  withCommon(
    program
      .command('events')
      .argument('[action]', '"show" to print one event in full')
      .argument('[id]', 'event id (with show)')
      .description('list the events recorded in .wa-hook/events.jsonl')
      .option('--follow', 'keep printing new events as they arrive')
      .option('--type <type>', 'only this kind or message type (text, image, status, verification, rejected…)')
      .option('--field <field>', 'only this webhook field (messages, message_template_status_update, calls…)')
      .option('--from <wa-id>', 'only from this sender')
      .option('--since <time>', 'only since this time (ISO date, or 10m / 2h / 1d ago)')
      .option('--limit <n>', 'newest N events', '50')
      .option('--probes', "also list wa-hook's own probes (verify, doctor, self-test, negative tests)"),
    [],
  )
    .addHelpText(
      'after',
      examples([
        'wa-hook events',
        'wa-hook events --type text --limit 20',
        'wa-hook events --field message_template_status_update',
        'wa-hook events --probes',
        'wa-hook events --follow',
        'wa-hook events show last',
      ]),
    )
    .action((action: string | undefined, id: string | undefined, opts: RawOptions) =>
      run(
        async () => (await import('./commands/events.js')).eventsCommand,
        opts,
        [action, id].filter((x): x is string => !!x),
      ),
    );

  withCommon(
    program
      .command('status')
      .description(
        'show the running `wa-hook up` of this folder: callback URL, verify token, tunnel, inspector, counts',
      )
      .option('--show-token', 'print the verify token whole instead of masked'),
    [],
  )
    .addHelpText('after', examples(['wa-hook status', 'wa-hook status --show-token', 'wa-hook status --json']))
    .action((opts: RawOptions) => run(async () => (await import('./commands/status.js')).statusCommand, opts, []));

  withCommon(
    program
      .command('test')
      .argument('<files...>', 'conversation scripts (.yaml, .yml or .json)')
      .description(
        'play conversation scripts against your bot through a local WhatsApp (no Meta, no tunnel): exit 0 all pass, 1 a failure, 2 a bad script',
      )
      .option('--forward-to <url>', "your running bot's webhook URL (instead of the script's bot)")
      .addOption(
        new Option('--reporter <name>', 'human (default) or junit: JUnit XML on stdout for CI').choices([
          'human',
          'junit',
        ]),
      )
      .option(
        '--graph-port <port>',
        'port of the local Graph API (default 4041 with a running bot, a free one when wa-hook starts the bot)',
      ),
    ['appSecret', 'accessToken', 'phoneNumberId', 'wabaId'],
  )
    .addHelpText(
      'after',
      examples([
        'wa-hook test conversations/order.yaml',
        'wa-hook test conversations/*.yaml --reporter junit > junit.xml',
        'wa-hook test greet.yaml --forward-to http://127.0.0.1:8000/webhook   # bot already running (Graph: :4041)',
        'wa-hook test greet.yaml --json',
      ]) +
        `
A script (YAML or JSON; schema: node_modules/wa-hook/schema/conversation.schema.json):
  bot: { command: python -m uvicorn app:app --port 8000, url: http://127.0.0.1:8000/webhook }
  conversations:
    - name: greets
      steps:
        - say: hi
        - expect: { type: text, text: { contains: Hello } }
        - tap: Menu
        - wait: 25h
        - expectNoReply: 2s
`,
    )
    .action((files: string[], opts: RawOptions) =>
      run(async () => (await import('./commands/test.js')).testCommand, opts, files),
    );

  withCommon(
    program
      .command('init')
      .description('create or update .env interactively (strong verify token, secrets validated)')
      .option('--yes', 'non-interactive: take values from flags and environment'),
    ['verifyToken', 'appSecret', 'accessToken', 'phoneNumberId', 'wabaId', 'appId', 'savedPort', 'path'],
  )
    .addHelpText('after', examples(['wa-hook init', 'wa-hook init --yes']))
    .action((opts: RawOptions) => run(async () => (await import('./commands/init/init.js')).initCommand, opts, []));

  return program;
}

const VERSION = '0.1.0';

function printError(error: unknown, stderr: NodeJS.WritableStream, debug: boolean): number {
  if (isUserCancel(error)) {
    stderr.write('Cancelled.\n');
    return 130;
  }
  if (error instanceof WaHookError) {
    if (!error.shown) stderr.write(`✖ ${guardLine(error.message)}\n`);
    if (error.hint) stderr.write(`  → ${guardLine(error.hint)}\n`);
    if (debug && error.cause)
      stderr.write(
        `${error.cause instanceof Error ? (error.cause.stack ?? error.cause.message) : JSON.stringify(error.cause)}\n`,
      );
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`✖ unexpected error: ${guardLine(message)}\n`);
  stderr.write(
    debug ? `${error instanceof Error ? (error.stack ?? '') : ''}\n` : '  → set DEBUG=wa-hook for details\n',
  );
  return 1;
}

/** Our flags that npm took as its own config (PowerShell + `npm start -- …`): a usage error, not defaults. */
function rejectNpmSwallowedFlags(program: Command, argv: string[], env: NodeJS.ProcessEnv): void {
  const command = program.commands.find((c) => c.name() === argv[2]);
  const longFlags = (command ?? program).options.flatMap((o) => (o.long ? [o.long] : []));
  const swallowed = npmSwallowedFlags(env, longFlags);
  if (swallowed.length === 0) return;
  const vars = swallowed.map((f) => `npm_config_${f.replace(/^--(no-)?/, '').replace(/-/g, '_')}`).join(', ');
  throw new UsageError(`npm took ${swallowed.join(', ')} as its own option (${vars}): wa-hook never saw it`, {
    hint: NPM_SWALLOWED_HINT,
  });
}

/** Entry point used by bin/wa-hook.js. Sets process.exitCode; never throws. */
export async function main(argv: string[]): Promise<void> {
  const debug = /(^|,)\s*(wa-hook|\*)\s*(,|$)/.test(process.env.DEBUG ?? '');
  const controller = new AbortController();
  let received = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    received += 1;
    // Second Ctrl-C: the user insists. This is the only process.exit, and cleanup already had its chance.
    if (received > 1) process.exit(130);
    controller.abort(signal);
  };
  // Closing the console window / terminal (SIGHUP) or Ctrl-Break (SIGBREAK, Windows) clean up like Ctrl-C.
  const signals = stopSignals(process.platform);
  for (const name of signals) process.on(name, onSignal);

  const run = async (load: () => Promise<CommandAction>, opts: RawOptions, args: string[]) => {
    const [{ createContext }, action] = await Promise.all([import('./context.js'), load()]);
    await action(opts, createContext(controller.signal), args);
  };
  const program = buildProgram(run);
  try {
    rejectNpmSwallowedFlags(program, argv, process.env);
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed the message (or the help/version text).
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else {
      process.exitCode = printError(error, process.stderr, debug);
    }
  } finally {
    for (const name of signals) process.off(name, onSignal);
  }
}
