import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

// The help text is part of the contract users read: a snapshot makes every change to it deliberate.
describe('--help of every command', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
  afterAll(() => cleanup());

  it.each([
    [[]],
    [['up']],
    [['verify']],
    [['send-sample']],
    [['doctor']],
    [['events']],
    [['init']],
    [['test']],
    [['local']],
  ])('wa-hook %j --help', async (command) => {
    const r = await runCli([...command, '--help'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatchSnapshot();
  });

  it('"0 picks a free one" only where it means something; up names its default tunnel', async () => {
    for (const command of ['verify', 'send-sample', 'doctor', 'init']) {
      const r = await runCli([command, '--help'], { cwd: dir });
      expect(r.stdout, command).toMatch(/--port <port>/);
      expect(r.stdout, command).not.toMatch(/0\s+picks\s+a\s+free/);
    }
    const up = await runCli(['up', '--help'], { cwd: dir });
    expect(up.stdout).toMatch(/0\s+picks\s+a\s+free\s+one/);
    expect(up.stdout.replace(/\s+/g, ' ')).toContain(
      '--tunnel <provider> tunnel provider (default: cloudflared when it is on PATH, else localtunnel)',
    );
  });
});
