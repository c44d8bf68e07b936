import type { ResultPromise } from 'execa';
import { startCli } from './run-cli.js';
import { waitFor } from './wait-for.js';

/** What a started CLI has printed so far, and whether it has exited. */
export interface CapturedOutput {
  stdout: () => string;
  stderr: () => string;
  exited: () => boolean;
}

/** Collects a started CLI's stdout and stderr as they arrive. */
export function captureOutput(proc: ResultPromise): CapturedOutput {
  let stdout = '';
  let stderr = '';
  let exited = false;
  proc.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  void proc.then(() => (exited = true));
  return { stdout: () => stdout, stderr: () => stderr, exited: () => exited };
}

/** The NDJSON objects in `--json` output. */
export function ndjson(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

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
  const output = captureOutput(proc);
  const events = () => ndjson(output.stdout());
  const ready = await waitFor(
    () => {
      if (output.exited()) throw new Error(`up exited early: ${output.stderr()}`);
      return events().find((e) => e.type === 'ready');
    },
    { what: 'up to be ready' },
  );
  return {
    proc,
    url: String(ready.localUrl),
    port: Number(ready.port),
    events,
    stderr: output.stderr,
    stop: async (signal = 'SIGTERM') => {
      proc.kill(signal);
      const result = await proc;
      return result.exitCode;
    },
  };
}

export interface RunningUpLive extends CapturedOutput {
  proc: ResultPromise;
  /** Local callback URL from the banner's `receiver listening on` line. */
  url: string;
}

/**
 * Starts `wa-hook up --tunnel none --port 0 …` with its human output (the live view a terminal sees, no --json)
 * and waits for the banner. The caller stops it; it is killed here if the banner never comes.
 */
export async function startUpLive(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined> },
): Promise<RunningUpLive> {
  const proc = startCli(['up', '--tunnel', 'none', '--port', '0', ...args], options);
  const output = captureOutput(proc);
  try {
    const [, url] = await waitFor(
      () => {
        if (output.exited()) throw new Error(`up exited early: ${output.stderr()}`);
        return /receiver listening on (http:\/\/\S+)/.exec(output.stderr()) ?? undefined;
      },
      { what: 'the banner' },
    );
    return { proc, url: url!, ...output };
  } catch (error) {
    proc.kill('SIGKILL');
    throw error;
  }
}
