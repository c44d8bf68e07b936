import type { Writable } from 'node:stream';

/** Everything a command needs from the outside world, passed in so tests never mutate globals. */
export interface Ctx {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
  /** stderr is a terminal: colours and spinners allowed. */
  isTTY: boolean;
  /** stdin and stdout are terminals and not CI: prompting allowed. */
  interactive: boolean;
  color: boolean;
  /** Aborted on SIGINT/SIGTERM; long-running commands stop cleanly when it fires. */
  signal: AbortSignal;
}

export function createContext(signal: AbortSignal): Ctx {
  const env = process.env;
  const isTTY = Boolean(process.stderr.isTTY);
  const ci = Boolean(env.CI && env.CI !== 'false' && env.CI !== '0');
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const forceColor = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  return {
    cwd: process.cwd(),
    env,
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && !ci,
    color: forceColor || (isTTY && !noColor),
    signal,
  };
}
