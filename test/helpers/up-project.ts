import { afterEach, beforeEach } from 'vitest';
import { makeTempDir } from './temp-dir.js';
import { startUp, type RunningUp } from './start-up.js';

export interface UpProject {
  /** A fresh working directory for the current test. */
  dir: string;
  /** Starts `wa-hook up --tunnel none --port 0 --json …` in `dir`; killed after the test if still running. */
  start(args: string[], env?: Record<string, string | undefined>): Promise<RunningUp>;
}

/** Per-test project folder plus cleanup of every `up` the test started (registers beforeEach/afterEach). */
export function useUpProject(): UpProject {
  let cleanup = async () => {};
  let started: RunningUp[] = [];
  const project: UpProject = {
    dir: '',
    start: async (args, env) => {
      const up = await startUp(args, { cwd: project.dir, env });
      started.push(up);
      return up;
    },
  };
  beforeEach(async () => {
    const temp = await makeTempDir();
    project.dir = temp.dir;
    cleanup = temp.cleanup;
  });
  afterEach(async () => {
    const running = started.filter((up) => up.proc.exitCode === null);
    started = [];
    await Promise.all(running.map((up) => up.stop('SIGKILL')));
    await cleanup();
  });
  return project;
}
