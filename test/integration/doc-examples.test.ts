/**
 * Every example command of README.md and docs/commands.md, run as written against real loopback servers: a
 * running `wa-hook up`, a running `up --local`, and a bot backend that answers Meta's handshake and checks
 * signatures where an example names one. Each must exit as the docs say. A new example fails here until it is
 * listed below, with how it must exit or why it cannot run offline (a tunnel, Meta, the internet).
 *
 * Two things change, never an example's meaning: the fixed ports the examples name (8000, 3000 for a backend,
 * 4041 for local WhatsApp, 4040 for the inspector) become free ports (another test may hold the fixed ones),
 * and `up` runs with PORT=0. The sample counts the docs may state are counted from templates/.
 */
import { timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultPromise } from 'execa';
import { docCommands, splitWords } from '../helpers/doc-commands.js';
import { runCli, startCli, type CliRun } from '../helpers/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { sign } from '../helpers/webhook.js';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(fileURLToPath(new URL(path, ROOT)), 'utf8');
const README = read('README.md');
const COMMANDS = read('docs/commands.md');

const VERIFY_TOKEN = 'your-verify-token';
const APP_SECRET = '5f1c0c8b7e4a4d2a9b3e6f7a8c9d0e1f';
const DOTENV = `WHATSAPP_VERIFY_TOKEN=${VERIFY_TOKEN}\nWHATSAPP_APP_SECRET=${APP_SECRET}\n`;

/** Where an example runs: a fresh folder, beside a running `up --tunnel none`, or beside `up --local --echo`. */
type Scene = 'fresh' | 'up' | 'local';
type Expectation =
  | { scene: Scene; exit: number; why?: string; stdout?: RegExp }
  /** Runs until stopped: waits for `ready` in its output, then SIGTERM must end it with exit 0. */
  | { scene: Scene; runs: RegExp }
  | { skip: string };

const UP_READY = /Waiting for events/;
const TUNNEL = 'opens a public tunnel (the internet); tunnel-*.test.ts run the tunnels against loopback fakes';

/** Every example, keyed as written (`node bin/wa-hook.js X` is `wa-hook X`). */
const EXAMPLES: Readonly<Record<string, Expectation>> = {
  'npm run quickstart': { skip: 'installs from the npm registry, then runs `up` with a tunnel' },
  'npm test': { skip: 'the test suite itself' },
  'npm link': { skip: 'installs wa-hook on the PATH of this machine' },
  'npm start': { skip: TUNNEL },
  'npm start -- --tunnel none': {
    skip: 'the form the README warns against (windows-env-files.test.ts checks its exit 2)',
  },
  'wa-hook COMMAND --help': { skip: 'a placeholder; help.test.ts prints every command’s help' },
  'wa-hook …': { skip: 'a placeholder' },
  'wa-hook up': { skip: TUNNEL },
  'wa-hook up --echo': { skip: TUNNEL },
  'wa-hook up --echo --phone-number-id 106540352242922': { skip: TUNNEL },
  'wa-hook up --register': { skip: "registers the tunnel's URL with Meta (Graph API)" },
  'wa-hook up --forward-to http://127.0.0.1:8000/api/v1/webhooks/whatsapp': { skip: TUNNEL },
  'wa-hook up --tunnel-name bot --hostname hook.example.com': { skip: 'a named Cloudflare tunnel (an account)' },
  'wa-hook up --public-url https://hook.example.com': { skip: 'its self-test calls your public URL (the internet)' },
  'wa-hook up | head -1': { skip: 'a pipe; up-output-closed.test.ts runs it' },
  'cloudflared tunnel login': { skip: 'a Cloudflare account' },
  'cloudflared tunnel create bot': { skip: 'a Cloudflare account' },
  'cloudflared tunnel route dns bot hook.example.com': { skip: 'a Cloudflare account' },
  'wa-hook up --tunnel none': { scene: 'fresh', runs: UP_READY },
  'wa-hook up --tunnel none --port 0 --json': { scene: 'fresh', runs: /"type":"ready"/ },
  'wa-hook up --local': { scene: 'fresh', runs: UP_READY },
  'wa-hook up --local --echo': { scene: 'fresh', runs: UP_READY },
  'wa-hook up --local --forward-to http://127.0.0.1:3000/webhook': { scene: 'fresh', runs: UP_READY },

  'wa-hook verify': { scene: 'up', exit: 0 },
  'wa-hook verify | grep passed': { skip: 'a pipe into grep (not in every shell); `wa-hook verify` runs' },
  'wa-hook verify --url https://abc.trycloudflare.com/webhook --verify-token your-verify-token': {
    skip: "a quick tunnel's public URL (the internet)",
  },
  'wa-hook verify --url http://127.0.0.1:3000/api/whatsapp --verify-token your-verify-token --json --timeout 3000': {
    scene: 'fresh',
    exit: 0,
    stdout: /^\{"ok":true,/,
  },

  'wa-hook send-sample': { scene: 'up', exit: 0 },
  'wa-hook send-sample text': { scene: 'local', exit: 0 },
  'wa-hook send-sample text --text "Hola 👋"': { scene: 'up', exit: 0 },
  'wa-hook send-sample --list': { scene: 'fresh', exit: 0 },
  'wa-hook send-sample text --text "Привет 👋 https://example.com/a" --from 447700900123 --name "Ана"': {
    scene: 'up',
    exit: 0,
  },
  'wa-hook send-sample image status-delivered error-rate-limit': { scene: 'up', exit: 0 },
  'wa-hook send-sample --all --url http://127.0.0.1:3000/api/whatsapp/webhook': { scene: 'fresh', exit: 0 },
  'wa-hook send-sample --file payload.json': { scene: 'up', exit: 0 },
  'wa-hook send-sample --replay last': { scene: 'up', exit: 0 },
  'wa-hook send-sample --scenario reply-lifecycle': { scene: 'up', exit: 0 },
  'wa-hook send-sample status-sent --api-version v23.0': { scene: 'up', exit: 0 },
  'wa-hook send-sample text --count 10000 --concurrency 50': { scene: 'up', exit: 0 },
  'wa-hook send-sample --bad-signature': { scene: 'up', exit: 0, why: 'refused by up, as it should be' },
  'wa-hook send-sample --all --out test/fixtures/whatsapp --seed 1': { scene: 'fresh', exit: 0 },
  'wa-hook send-sample text --print curl': { scene: 'fresh', exit: 0, stdout: /^printf '%s' '/ },

  'wa-hook doctor': { scene: 'up', exit: 0 },
  'wa-hook doctor --offline --json': { scene: 'up', exit: 0 },
  'wa-hook doctor --graph-url http://127.0.0.1:4041/v24.0': { scene: 'local', exit: 0, why: 'the README: it passes' },
  'wa-hook doctor --url https://abc.trycloudflare.com/webhook': { skip: "a quick tunnel's public URL (the internet)" },
  'wa-hook doctor --fix': { skip: "changes your Meta app's settings (Graph API)" },

  'wa-hook init': {
    scene: 'fresh',
    exit: 2,
    why: 'it asks questions: without a terminal it says so (init.test.ts answers them)',
  },
  'wa-hook init --yes': { scene: 'fresh', exit: 0 },

  'wa-hook events': { scene: 'up', exit: 0 },
  'wa-hook events --follow': { scene: 'up', runs: /Following/ },
  'wa-hook events --type text --limit 20': { scene: 'up', exit: 0 },
  'wa-hook events --type "status,error" --since 2h': { scene: 'up', exit: 0 },
  'wa-hook events --from +16505551234': { scene: 'up', exit: 0 },
  'wa-hook events --type graph': { scene: 'local', exit: 0 },
  'wa-hook events --field message_template_status_update': { scene: 'up', exit: 0 },
  'wa-hook events --probes': { scene: 'up', exit: 0 },
  'wa-hook events show last': { scene: 'up', exit: 0 },
  'wa-hook events show evt_mww9i2fz0002e34a8 --json': { scene: 'up', exit: 2, why: 'an id from another log' },

  'wa-hook status': { scene: 'up', exit: 0 },
  'wa-hook status --show-token': { scene: 'up', exit: 0 },
  'wa-hook status --json': { scene: 'up', exit: 0 },

  'wa-hook test': { skip: 'names the command' },
  'wa-hook test conversation.yaml': { skip: 'your bot and your script (conversation-test.test.ts plays scripts)' },
  'wa-hook test conversations/order.yaml': { skip: 'your bot and your script' },
  'wa-hook test conversations/order.yaml conversations/greet.yaml --reporter junit > junit.xml': {
    skip: 'your bot and your scripts',
  },
  'wa-hook test greet.yaml --forward-to http://127.0.0.1:8000/webhook': { skip: 'your running bot and script' },
  'wa-hook test greet.yaml --json': { skip: 'your bot and your script' },

  'wa-hook local': { skip: 'names the command group' },
  'wa-hook local clock': { scene: 'local', exit: 0 },
  'wa-hook local clock +25h': { scene: 'local', exit: 0 },
  'wa-hook local templates': { scene: 'local', exit: 0 },
  'wa-hook local templates pull': { skip: 'copies your templates from Meta (Graph API, access token)' },
  'wa-hook local templates status order_confirmation PAUSED': { scene: 'local', exit: 0 },
  'wa-hook local templates status NAME STATUS [--language en_US]': { skip: 'a synopsis' },
  'wa-hook local fail CODE [--next N \\| --to NUMBER \\| --every N] [--subcode N]': { skip: 'a synopsis' },
  'wa-hook local fail 130429 --next 3': { scene: 'local', exit: 0 },
  'wa-hook local fail 131026 --to +16505551234': { scene: 'local', exit: 0 },
  'wa-hook local fail 131000 --every 10': { scene: 'local', exit: 0 },
  'wa-hook local fail 463': { scene: 'local', exit: 0 },
  'wa-hook local fail --list': { scene: 'local', exit: 0 },
  'wa-hook local fail --clear': { scene: 'local', exit: 0 },
};

const normalize = (line: string) => line.trim().replace(/^node bin\/wa-hook\.js(?= )/, 'wa-hook');
const documented = [...new Set([...docCommands(README), ...docCommands(COMMANDS)].map(normalize))];

/** A bot backend as the docs assume one: Meta's handshake with the verify token, signatures checked. */
async function startBackend(): Promise<LoopbackServer> {
  return startLoopbackServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET') {
      const ok =
        url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === VERIFY_TOKEN;
      res.writeHead(ok ? 200 : 403).end(ok ? (url.searchParams.get('hub.challenge') ?? '') : 'forbidden');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const expected = Buffer.from(sign(Buffer.concat(chunks), APP_SECRET));
      const given = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
      const valid = given.length === expected.length && timingSafeEqual(given, expected);
      res.writeHead(valid ? 200 : 401).end();
    });
  });
}

interface Running {
  proc: ResultPromise;
  output: () => string;
}

function start(args: string[], cwd: string): Running {
  const proc = startCli(args, { cwd, env: { PORT: '0' } });
  let output = '';
  proc.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  void proc.catch(() => undefined);
  return { proc, output: () => output };
}

async function stop(running: Running): Promise<number | undefined> {
  running.proc.kill('SIGTERM');
  return (await running.proc).exitCode;
}

/** The free ports that stand in for the fixed ones the examples name. */
interface Ports {
  backend: number;
  graph?: number;
}

function argsOf(line: string, ports: Ports): string[] {
  let text = line.replace(/127\.0\.0\.1:(8000|3000)\b/g, `127.0.0.1:${ports.backend}`);
  if (ports.graph !== undefined) text = text.replace(/127\.0\.0\.1:4041\b/g, `127.0.0.1:${ports.graph}`);
  const args = splitWords(text).slice(1);
  // `up` binds fixed ports besides PORT (inspector 4040, local WhatsApp 4041): free ones here.
  if (args[0] === 'up') args.push('--inspect-port', '0', ...(args.includes('--local') ? ['--graph-port', '0'] : []));
  return args;
}

async function project(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const temp = await makeTempDir();
  await writeFile(join(temp.dir, '.env'), DOTENV);
  return temp;
}

/**
 * A project beside the `up` that `line` starts (after `prepare`), ready before the first test of the enclosing
 * describe and stopped after its last. `backendPort` is read when it starts.
 */
function useRunningUp(
  line: string,
  backendPort: () => number,
  prepare: (dir: string) => Promise<void> = async () => {},
): { dir: string } {
  const scene: { dir: string; up?: Running } = { dir: '' };
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const temp = await project();
    ({ dir: scene.dir, cleanup } = temp);
    await prepare(scene.dir);
    const up = start(argsOf(line, { backend: backendPort() }), scene.dir);
    scene.up = up;
    await waitFor(() => UP_READY.test(up.output()) || undefined, { what: `${line} ready` });
  });
  afterAll(async () => {
    if (scene.up && scene.up.proc.exitCode === null) await stop(scene.up);
    await cleanup?.();
  });
  return scene;
}

const explain = (line: string, run: CliRun) => `${line}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

function expectExit(line: string, run: CliRun, want: { exit: number; stdout?: RegExp }): void {
  expect(run.exitCode, explain(line, run)).toBe(want.exit);
  if (want.stdout) expect(run.stdout, explain(line, run)).toMatch(want.stdout);
}

const oneShot = (scene: Scene) =>
  documented.flatMap((line) => {
    const want = EXAMPLES[line];
    return want && 'exit' in want && want.scene === scene ? [[line, want] as const] : [];
  });

describe('README and docs/commands.md examples', () => {
  let backend: LoopbackServer;
  beforeAll(async () => {
    backend = await startBackend();
  });
  afterAll(async () => {
    await backend?.close();
  });

  it('every example is listed here, with how it exits or why it cannot run offline', () => {
    expect(documented.length).toBeGreaterThan(40);
    expect(documented.filter((line) => EXAMPLES[line] === undefined)).toEqual([]);
    // And nothing listed here is gone from the docs (a stale entry would hide a renamed example).
    expect(Object.keys(EXAMPLES).filter((line) => !documented.includes(line))).toEqual([]);
  });

  it('the sample and scenario counts the docs state are the ones in templates/', () => {
    const templates = fileURLToPath(new URL('templates/', ROOT));
    const folders = readdirSync(templates, { withFileTypes: true }).filter((d) => d.isDirectory());
    const count = (name: string) => readdirSync(join(templates, name)).filter((f) => f.endsWith('.json')).length;
    const scenarios = count('scenarios');
    const samples = folders.filter((d) => d.name !== 'scenarios').reduce((n, d) => n + count(d.name), 0);
    expect(samples).toBeGreaterThan(50);
    const docs = [
      README,
      ...readdirSync(fileURLToPath(new URL('docs/', ROOT)))
        .filter((f) => f.endsWith('.md'))
        .map((f) => read(`docs/${f}`)),
    ];
    const claims = (text: string) => ({
      samples: [...text.matchAll(/\b(\d+) (?:sample kinds|kinds of samples|kinds|samples|sample events)\b/g)],
      scenarios: [...text.matchAll(/\b(\d+) (?:delivery )?scenarios\b/g)],
    });
    // The check itself catches the claim issue 27 found ("27 kinds").
    expect(claims('sends 27 kinds of events; 4 scenarios').samples.map((m) => m[1])).toEqual(['27']);
    expect(claims('sends 27 kinds of events; 4 scenarios').scenarios.map((m) => m[1])).toEqual(['4']);
    for (const text of docs) {
      for (const m of claims(text).samples) expect(Number(m[1]), m[0]).toBe(samples);
      for (const m of claims(text).scenarios) expect(Number(m[1]), m[0]).toBe(scenarios);
    }
  });

  // Listed in the report as skipped, each with its reason.
  it.skip.each(
    documented.flatMap((line) => {
      const want = EXAMPLES[line];
      return want && 'skip' in want ? [[line, want.skip] as const] : [];
    }),
  )('%s — not run: %s', () => {});

  it.each(
    documented.filter((line) => {
      const w = EXAMPLES[line];
      return w !== undefined && 'runs' in w;
    }),
  )('%s runs until stopped, then exits 0', async (line) => {
    const want = EXAMPLES[line] as { runs: RegExp };
    const temp = await project();
    try {
      const running = start(argsOf(line, { backend: backend.port }), temp.dir);
      await waitFor(() => want.runs.test(running.output()) || running.proc.exitCode !== null || undefined, {
        what: `${line} ready`,
      });
      expect(running.output(), line).toMatch(want.runs);
      expect(await stop(running), `${line}\n${running.output()}`).toBe(0);
    } finally {
      await temp.cleanup();
    }
  });

  it.each(oneShot('fresh'))('%s (in a fresh project)', async (line, want) => {
    const temp = await project();
    try {
      if (line.startsWith('wa-hook init')) await writeFile(join(temp.dir, '.env'), '');
      expectExit(line, await runCli(argsOf(line, { backend: backend.port }), { cwd: temp.dir, timeout: 60_000 }), want);
    } finally {
      await temp.cleanup();
    }
  });

  describe('beside a running `wa-hook up --tunnel none`', () => {
    // A hand-written payload for `send-sample --file payload.json`.
    const scene = useRunningUp(
      'wa-hook up --tunnel none',
      () => backend.port,
      (dir) => writeFile(join(dir, 'payload.json'), read('templates/messages/text.json')),
    );

    // The burst example sends 10,000 requests: room for a busy machine.
    it.each(oneShot('up'))(
      '%s',
      async (line, want) => {
        const args = argsOf(line, { backend: backend.port });
        expectExit(line, await runCli(args, { cwd: scene.dir, timeout: 90_000 }), want);
      },
      120_000,
    );
  });

  describe('beside a running `wa-hook up --local --echo`', () => {
    const scene = useRunningUp('wa-hook up --local --echo', () => backend.port);
    let graph: number;
    beforeAll(async () => {
      const state = JSON.parse(await readFile(join(scene.dir, '.wa-hook', 'state.json'), 'utf8')) as {
        localGraphUrl: string;
      };
      graph = Number(new URL(state.localGraphUrl).port);
    });

    it.each(oneShot('local'))('%s', async (line, want) => {
      const args = argsOf(line, { backend: backend.port, graph });
      expectExit(line, await runCli(args, { cwd: scene.dir, timeout: 60_000 }), want);
    });
  });
});
