/**
 * Child processes through one adapter: spawn with execa (resolves Windows .cmd shims), feed each output
 * line to a callback, keep the last lines for error messages, stop gracefully (SIGTERM, ≤5 s, SIGKILL;
 * on Windows `taskkill /T`, then `/T /F`, for the whole tree), and make sure no child outlives wa-hook.
 *
 * Outliving is handled twice: execa's `cleanup` kills children on a normal exit or a handled signal, and a
 * tiny reaper process (reaper-io.ts) covers the case no handler can, a SIGKILL of wa-hook itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { DRAIN_LIMIT_MS, treeKillCommand } from './process-tree.js';

export interface ExitInfo {
  exitCode?: number;
  signal?: string;
  /** Spawning failed (e.g. ENOENT: not on PATH); the process never ran. */
  spawnError?: string;
}

export interface ManagedProcess {
  /** undefined when the spawn itself failed. */
  readonly pid: number | undefined;
  /** Resolves (never rejects) when the process has exited and its output is drained. */
  readonly exited: Promise<ExitInfo>;
  /** The last output lines, both streams, oldest first. */
  recentLines(): string[];
  /** SIGTERM, wait up to `graceMs`, then SIGKILL; resolves once the process is gone. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

export interface SpawnOptions {
  env: NodeJS.ProcessEnv;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How many lines recentLines() keeps (default 10). */
  keepLines?: number;
  /** Decides how the tree is stopped (tests inject 'win32'); defaults to process.platform. */
  platform?: NodeJS.Platform;
  /** Time the output may drain after the process exited (default DRAIN_LIMIT_MS). */
  drainLimitMs?: number;
  /**
   * Pause reading this long after each chunk, so a child that writes thousands of tiny lines per second is
   * read in a few large chunks (the pipe buffers meanwhile) instead of costing a wake-up per line.
   */
  pauseBetweenReadsMs?: number;
  /** `command` is a whole command line for the system shell (sh -c / cmd.exe /d /s /c); `args` must be empty. */
  shell?: boolean;
  /** Working directory (default: this process's). */
  cwd?: string;
  /**
   * POSIX: run the child in its own process group and signal the whole group on stop(), so what a shell line
   * started (`cd app && uvicorn …`) stops with it. Windows stops the tree with taskkill /T regardless.
   */
  group?: boolean;
}

/** Runs taskkill; true when it reported success. Never throws. */
async function runTreeKill(pid: number, platform: NodeJS.Platform, force: boolean, env: NodeJS.ProcessEnv) {
  const kill = treeKillCommand(pid, platform, force);
  if (!kill) return false;
  const result = await execa(kill.command, kill.args, {
    env,
    extendEnv: false,
    reject: false,
    stdio: 'ignore',
    windowsHide: true,
    timeout: 10_000,
  });
  return result.exitCode === 0;
}

/** Signals every process of the group led by `pid` (POSIX); false when none is left. */
function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

let reaper: ChildProcess | undefined;
const REAPER_SCRIPT = fileURLToPath(new URL('./reaper-io.js', import.meta.url));
// Run from sources (vitest imports src/*.ts) there is no compiled reaper; execa's cleanup still applies.
const HAS_REAPER = existsSync(REAPER_SCRIPT);

/**
 * One reaper per wa-hook process, started on the first spawn: it watches *this* process, so a
 * module-level instance is the natural scope. Unref'd so it never keeps wa-hook alive.
 */
function tellReaper(message: string): void {
  if (!HAS_REAPER) return;
  try {
    if (!reaper || reaper.exitCode !== null || !reaper.stdin?.writable) {
      reaper = spawn(process.execPath, [REAPER_SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'], windowsHide: true });
      reaper.on('error', () => {});
      reaper.stdin?.on('error', () => {});
      reaper.unref();
      // A child's pipe is a net.Socket (its type says Writable): unref it too, or it keeps wa-hook alive.
      if (reaper.stdin instanceof Socket) reaper.stdin.unref();
    }
    reaper.stdin?.write(`${message}\n`);
  } catch {
    // Best effort: execa's cleanup still covers every exit except SIGKILL.
  }
}

export function spawnManaged(command: string, args: string[], options: SpawnOptions): ManagedProcess {
  const keep = options.keepLines ?? 10;
  const platform = options.platform ?? process.platform;
  const lines: string[] = [];
  const child = execa(command, args, {
    env: options.env,
    extendEnv: false,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    windowsHide: true,
    // We escalate ourselves in stop(); execa's own timer would race it.
    forceKillAfterDelay: false,
    shell: options.shell ?? false,
    cwd: options.cwd,
    detached: Boolean(options.group) && platform !== 'win32',
  });
  const pid = child.pid;
  if (pid) tellReaper(`+${pid}`);

  const onLine = (stream: 'stdout' | 'stderr') => (line: string) => {
    lines.push(line);
    if (lines.length > keep) lines.shift();
    options.onLine?.(line, stream);
  };
  const drained: Array<Promise<void>> = [];
  const readers: Array<ReturnType<typeof createInterface>> = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    const source = child[stream];
    if (!source) continue;
    const rl = createInterface({ input: source, crlfDelay: Infinity });
    rl.on('line', onLine(stream));
    readers.push(rl);
    const pause = options.pauseBetweenReadsMs;
    if (pause) {
      source.on('data', () => {
        source.pause();
        setTimeout(() => source.resume(), pause);
      });
    }
    drained.push(new Promise((resolve) => rl.once('close', () => resolve())));
  }
  // Bounded: a grandchild holding the pipes (a shim's real program) would keep execa's promise, which
  // waits for the streams to end, pending forever. Once the process itself has exited, output gets a
  // moment to drain, then the pipes are let go.
  let drainTimer: NodeJS.Timeout | undefined;
  child.once('exit', () => {
    drainTimer = setTimeout(() => {
      for (const rl of readers) rl.close();
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, options.drainLimitMs ?? DRAIN_LIMIT_MS);
  });

  const exited: Promise<ExitInfo> = child.then(async (result) => {
    clearTimeout(drainTimer);
    if (pid) tellReaper(`-${pid}`);
    await Promise.all(drained);
    if (result.failed && !pid) return { spawnError: result.code ?? result.message };
    return { exitCode: result.exitCode, signal: result.signal };
  });

  let stopping: Promise<ExitInfo> | undefined;
  const stop = (graceMs = 5000): Promise<ExitInfo> => {
    stopping ??= (async () => {
      if (!pid) return exited;
      const tree = treeKillCommand(pid, platform, false) !== undefined;
      // Windows: a console program ignores the polite taskkill (it has no window to close); then /F at once.
      const grouped = Boolean(options.group) && !tree;
      const asked = tree
        ? await runTreeKill(pid, platform, false, options.env)
        : grouped
          ? signalGroup(pid, 'SIGTERM')
          : child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const forced = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), asked ? graceMs : 0);
      });
      const first = await Promise.race([exited, forced]);
      clearTimeout(timer);
      if (first === 'timeout') {
        if (grouped) signalGroup(pid, 'SIGKILL');
        else if (!tree || !(await runTreeKill(pid, platform, true, options.env))) child.kill('SIGKILL');
      }
      return exited;
    })();
    return stopping;
  };

  return { pid, exited, recentLines: () => [...lines], stop };
}

export { isPidAlive } from './pid-io.js';
