import type { ResultPromise } from 'execa';
import { readFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCli } from './run-cli.js';
import { captureOutput, ndjson } from './start-up.js';
import { waitFor } from './wait-for.js';

export const FAKE_BIN = fileURLToPath(new URL('../fixtures/bin', import.meta.url));
/** PATH with the fakes first (cloudflared, xsel). */
export const PATH_WITH_FAKES = `${FAKE_BIN}${delimiter}${process.env.PATH}`;
/** PATH with node only: no cloudflared anywhere. */
export const PATH_WITHOUT_CLOUDFLARED = dirname(process.execPath);

export interface RunningUpTunnel {
  proc: ResultPromise;
  events(): Array<Record<string, unknown>>;
  stderr(): string;
  /** Waits for the first NDJSON event matching `match`. */
  waitForEvent(
    match: (e: Record<string, unknown>) => boolean,
    what: string,
    timeout?: number,
  ): Promise<Record<string, unknown>>;
  /** Waits until stderr matches (stderr and stdout arrive through different pipes, in any order). */
  waitForStderr(pattern: RegExp | string, timeout?: number): Promise<string>;
  exited(): boolean;
  stop(signal?: NodeJS.Signals): Promise<number | undefined>;
}

/** Starts `wa-hook up --port 0 --json …` (tunnel chosen by the args/PATH) and waits for `ready`. */
export async function startUpTunnel(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; wrap?: string[] },
): Promise<RunningUpTunnel> {
  const proc = startCli(['up', '--port', '0', '--json', ...args], options);
  const output = captureOutput(proc);
  const events = () => ndjson(output.stdout());
  const waitForEvent = (match: (e: Record<string, unknown>) => boolean, what: string, timeout = 15_000) =>
    waitFor(
      () => {
        const found = events().find(match);
        if (!found && output.exited()) throw new Error(`up exited before ${what}: ${output.stderr()}`);
        return found;
      },
      { what, timeout },
    );
  await waitForEvent((e) => e.type === 'ready', 'ready');
  return {
    proc,
    events,
    stderr: output.stderr,
    waitForEvent,
    waitForStderr: (pattern, timeout = 15_000) =>
      waitFor(
        () => {
          const stderr = output.stderr();
          return (typeof pattern === 'string' ? stderr.includes(pattern) : pattern.test(stderr)) && stderr;
        },
        {
          what: `stderr to match ${String(pattern)}`,
          timeout,
        },
      ),
    exited: output.exited,
    stop: async (signal = 'SIGTERM') => {
      proc.kill(signal);
      return (await proc).exitCode;
    },
  };
}

/** Pids the fake cloudflared wrote to FAKE_CLOUDFLARED_PID_FILE (one per start). */
export async function fakePids(file: string): Promise<number[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map(Number);
}

export function pidFile(dir: string): string {
  return join(dir, 'cloudflared.pids');
}
