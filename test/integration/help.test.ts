import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

// The help text is part of the contract users read: a snapshot makes every change to it deliberate.
describe('--help of every command', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
  afterAll(() => cleanup());

  it.each([[[]], [['up']], [['verify']], [['send-sample']], [['doctor']], [['events']], [['init']]])(
    'wa-hook %j --help',
    async (command) => {
      const r = await runCli([...command, '--help'], { cwd: dir });
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatchSnapshot();
    },
  );
});
