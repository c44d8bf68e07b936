import { execa, type ResultPromise } from 'execa';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/wa-hook.js', import.meta.url));

/** Environment for a CLI under test: no colours, no inherited WhatsApp settings, no display (no real clipboard). */
export function cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of Object.keys(env)) {
    // CI too: the suite runs under CI=true there, and the CLI skips prompts and the clipboard in CI; tests that
    // want that behaviour set CI themselves.
    if (/^(WHATSAPP_|WA_HOOK_|PORT$|WEBHOOK_PATH$|DISPLAY$|WAYLAND_DISPLAY$|DEBUG$|FORCE_COLOR$|CI$)/.test(key))
      delete env[key];
  }
  return { ...env, NO_COLOR: '1', NO_PROXY: '127.0.0.1,localhost,::1', ...extra };
}

export interface CliRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI to completion; never rejects, so tests assert exit codes and output. */
export async function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; input?: string; timeout?: number },
): Promise<CliRun> {
  const result = await execa('node', [BIN, ...args], {
    cwd: options.cwd,
    env: cliEnv(options.env),
    extendEnv: false,
    reject: false,
    input: options.input ?? '',
    timeout: options.timeout ?? 25_000,
    stripFinalNewline: false,
  });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Starts the CLI as a long-running process (e.g. `up`); the caller stops it. */
export function startCli(
  args: string[],
  options: {
    cwd: string;
    env?: Record<string, string | undefined>;
    /** Runs the CLI through this command prefix (e.g. `nsenter -t PID -n`, which execs: same pid). */
    wrap?: string[];
    /** `ulimit -f`: a real file-size limit, so a write fails half-way (EFBIG) as on a full disk. */
    fileSizeLimitKb?: number;
  },
): ResultPromise {
  const base: [string, string[]] =
    options.fileSizeLimitKb === undefined
      ? ['node', [BIN, ...args]]
      : ['bash', ['-c', `ulimit -f ${options.fileSizeLimitKb} && exec node "$@"`, 'bash', BIN, ...args]];
  const [command = base[0], ...prefix] = [...(options.wrap ?? []), base[0]];
  return execa(command, [...prefix, ...base[1]], {
    cwd: options.cwd,
    env: cliEnv(options.env),
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    buffer: true,
    // execa SIGKILLs 5 s after a kill() by default: a guess a loaded machine's clean shutdown can exceed.
    // The test's own timeout is the safety net.
    forceKillAfterDelay: false,
  });
}
