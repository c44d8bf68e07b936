import type { ResultPromise } from 'execa';
import { startCli } from './run-cli.js';
import { waitFor } from './wait-for.js';

export interface RunningUp {
  proc: ResultPromise;
  /** Local callback URL from the `ready` event. */
  url: string;
  port: number;
  /** NDJSON objects printed so far. */
  events(): Array<Record<string, unknown>>;
  stderr(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | undefined>;
}

/** Starts `wa-hook up --tunnel none --port 0 --json …` and waits for its `ready` event. */
export async function startUp(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; fileSizeLimitKb?: number },
): Promise<RunningUp> {
  const proc = startCli(['up', '--tunnel', 'none', '--port', '0', '--json', ...args], options);
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const events = () =>
    stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  let exited = false;
  void proc.then(() => (exited = true));
  const ready = await waitFor(
    () => {
      if (exited) throw new Error(`up exited early: ${stderr}`);
      return events().find((e) => e.type === 'ready');
    },
    { what: 'up to be ready' },
  );
  return {
    proc,
    url: String(ready.localUrl),
    port: Number(ready.port),
    events,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      proc.kill(signal);
      const result = await proc;
      return result.exitCode;
    },
  };
}
