/**
 * Child processes through one adapter: spawn with execa (resolves Windows .cmd shims), feed each output
 * line to a callback, keep the last lines for error messages, stop gracefully (SIGTERM, ≤5 s, SIGKILL),
 * and make sure no child outlives wa-hook.
 *
 * Outliving is handled twice: execa's `cleanup` kills children on a normal exit or a handled signal, and a
 * tiny reaper process (reaper-io.ts) covers the case no handler can, a SIGKILL of wa-hook itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

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
  /**
   * Pause reading this long after each chunk, so a child that writes thousands of tiny lines per second is
   * read in a few large chunks (the pipe buffers meanwhile) instead of costing a wake-up per line.
   */
  pauseBetweenReadsMs?: number;
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
      (reaper.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    }
    reaper.stdin?.write(`${message}\n`);
  } catch {
    // Best effort: execa's cleanup still covers every exit except SIGKILL.
  }
}

export function spawnManaged(command: string, args: string[], options: SpawnOptions): ManagedProcess {
  const keep = options.keepLines ?? 10;
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
  });
  const pid = child.pid;
  if (pid) tellReaper(`+${pid}`);

  const onLine = (stream: 'stdout' | 'stderr') => (line: string) => {
    lines.push(line);
    if (lines.length > keep) lines.shift();
    options.onLine?.(line, stream);
  };
  const drained: Array<Promise<void>> = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    const source = child[stream];
    if (!source) continue;
    const rl = createInterface({ input: source, crlfDelay: Infinity });
    rl.on('line', onLine(stream));
    const pause = options.pauseBetweenReadsMs;
    if (pause) {
      source.on('data', () => {
        source.pause();
        setTimeout(() => source.resume(), pause);
      });
    }
    drained.push(new Promise((resolve) => rl.once('close', () => resolve())));
  }

  const exited: Promise<ExitInfo> = child.then(async (result) => {
    if (pid) tellReaper(`-${pid}`);
    await Promise.all(drained);
    if (result.failed && !pid) return { spawnError: result.code ?? result.message };
    return { exitCode: result.exitCode, signal: result.signal };
  });

  let stopping: Promise<ExitInfo> | undefined;
  const stop = (graceMs = 5000): Promise<ExitInfo> => {
    stopping ??= (async () => {
      if (!pid) return exited;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const forced = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      const first = await Promise.race([exited, forced]);
      clearTimeout(timer);
      if (first === 'timeout') child.kill('SIGKILL');
      return exited;
    })();
    return stopping;
  };

  return { pid, exited, recentLines: () => [...lines], stop };
}

export { isPidAlive } from './pid-io.js';
