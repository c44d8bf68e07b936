// Child processes of the benchmark: the bare baseline server, `wa-hook up`, autocannon. Each runs as its own
// process so the load generator and the server under test never share an event loop.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/wa-hook.js', import.meta.url));
const BARE = fileURLToPath(new URL('../peers/backend.mjs', import.meta.url));
const AUTOCANNON = fileURLToPath(new URL('../../node_modules/autocannon/autocannon.js', import.meta.url));

/** Environment without the developer's WhatsApp settings, colours or clipboard. */
export function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(WHATSAPP_|WA_HOOK_|PORT$|WEBHOOK_PATH$|DISPLAY$|WAYLAND_DISPLAY$|DEBUG$|FORCE_COLOR$)/.test(key))
      delete env[key];
  }
  return { ...env, NO_COLOR: '1', NO_PROXY: '127.0.0.1,localhost,::1', ...extra };
}

/** Resolves with the first stdout line that parses as JSON and satisfies `match`; rejects if the child exits first. */
function firstJsonLine(child, match, what, timeout = 15_000) {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    let stderr = '';
    child.stderr?.on('data', (c) => (stderr += c));
    const timer = setTimeout(
      () => reject(new Error(`${what}: no ready line within ${timeout} ms\n${stderr}`)),
      timeout,
    );
    const onExit = (code) => reject(new Error(`${what} exited (${code}) before it was ready\n${stderr}`));
    child.once('exit', onExit);
    lines.on('line', (line) => {
      let value;
      try {
        value = JSON.parse(line);
      } catch {
        return;
      }
      if (!match(value)) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      // From now on drain stdout unparsed: the child must never block on a full pipe, and splitting
      // its lines here would steal CPU from the process under test.
      lines.close();
      child.stdout.resume();
      resolve(value);
    });
  });
}

function stopper(child) {
  return (signal = 'SIGTERM') =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill(signal);
    });
}

/** The baseline: node:http reading the body and answering 200. `count()` asks it how many requests it served. */
export async function startBare() {
  const child = spawn(process.execPath, [BARE], { stdio: ['pipe', 'pipe', 'inherit'] });
  const { port } = await firstJsonLine(child, (v) => typeof v.port === 'number', 'bare server');
  const stats = () =>
    new Promise((resolve) => {
      child.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk))));
      child.stdin.write('count\n');
    });
  const count = async () => (await stats()).requests;
  return { pid: child.pid, port, url: `http://127.0.0.1:${port}/webhook`, count, stats, stop: stopper(child) };
}

/**
 * `wa-hook up --tunnel none --port 0 …` in `cwd`, as a user runs it (the human live view, not --json);
 * resolves once the banner names the local URL. Its stdout goes to a file, not a pipe: a pipe writer blocks
 * whenever the reader is slow to be scheduled, and on a busy 2-core machine that measured the reader, not
 * the receiver.
 */
export async function startUp(args, cwd, extraNodeArgs = [], bin = BIN, env = {}) {
  const outPath = join(cwd, `up-stdout-${Date.now()}.txt`);
  const outFd = openSync(outPath, 'w');
  const child = spawn(process.execPath, [...extraNodeArgs, bin, 'up', '--tunnel', 'none', '--port', '0', ...args], {
    cwd,
    env: { ...cleanEnv(), ...env },
    stdio: ['ignore', outFd, 'pipe'],
  });
  closeSync(outFd);
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const deadline = Date.now() + 15_000;
  let url;
  while (!url) {
    if (child.exitCode !== null)
      throw new Error(`wa-hook up exited (${child.exitCode}) before it was ready\n${stderr}`);
    if (Date.now() > deadline) throw new Error(`wa-hook up: no banner within 15 s\n${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
    url = /receiver listening on (http:\/\/\S+)/.exec(stderr)?.[1];
  }
  return {
    pid: child.pid,
    url,
    port: Number(new URL(url).port),
    stdoutPath: outPath,
    stderr: () => stderr,
    stop: stopper(child),
  };
}

const PEERS = fileURLToPath(new URL('../peers/', import.meta.url));

/** A same-work peer from bench/peers (`name`.mjs) with its flags; resolves once it printed its port. */
export async function startPeer(name, args = []) {
  const child = spawn(process.execPath, [join(PEERS, `${name}.mjs`), ...args], {
    env: cleanEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const { port } = await firstJsonLine(child, (v) => typeof v.port === 'number', name);
  return { name, pid: child.pid, port, url: `http://127.0.0.1:${port}/webhook`, stop: stopper(child) };
}

/** The "loaded machine": a child process spinning on one core until `stop()`. */
export function startBusyLoop() {
  const child = spawn(process.execPath, [join(PEERS, 'busy-loop.mjs')], { stdio: 'ignore' });
  return { pid: child.pid, stop: stopper(child) };
}

/** Resident set size of a live process in MB, from /proc (Linux). */
export function rssMb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, all threads) a live process has used so far, in ms (Linux). */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat(5); here indexed after "pid (comm) ".
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** Runs autocannon as a separate process and returns its JSON result. */
export function autocannon(
  url,
  { body, headers = {}, connections = 50, duration = 4, amount, method = 'POST', sampleCpu = false },
) {
  const args = [AUTOCANNON, '--json', '-c', String(connections), '-m', method];
  if (amount) args.push('-a', String(amount));
  else args.push('-d', String(duration));
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  if (body) args.push('-b', body.toString('latin1'));
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let cpu = 0;
    const sampler = sampleCpu ? setInterval(() => (cpu = cpuMs(child.pid) ?? cpu), 10) : undefined;
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => {
      clearInterval(sampler);
      try {
        resolve({ ...JSON.parse(out), clientCpuMs: cpu });
      } catch {
        reject(new Error(`autocannon failed (${code}): ${err.slice(-500)}`));
      }
    });
  });
}

/** Runs a command to completion; resolves with wall time (ms), exit code and output. */
export function timeRun(command, args, { cwd = ROOT, env = cleanEnv(), sampleCpu = false } = {}) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    // CPU of the child, sampled until it exits (a reaped process leaves nothing in /proc to read).
    let cpu = 0;
    const sampler = sampleCpu ? setInterval(() => (cpu = cpuMs(child.pid) ?? cpu), 10) : undefined;
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => {
      clearInterval(sampler);
      resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, code, stdout: out, stderr: err, cpuMs: cpu });
    });
  });
}
