import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempDir } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';
import { startUpLive } from '../helpers/start-up.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const TOKEN = 'tok_live_budget_0123456789';
const COUNT = 1_000;

describe('up: a burst does not flood the terminal, and nothing is lost', () => {
  const temp = useTempDir();

  it('prints at most about 100 lines a second, tallies the rest, and records every request', async () => {
    const dir = temp.dir;
    const up = await startUpLive(['--verify-token', TOKEN, '--app-secret', SECRET], { cwd: dir });
    try {
      const url = up.url;
      const started = Date.now();
      const burst = await runCli(
        ['send-sample', '--url', url, '--count', String(COUNT), '--concurrency', '20', '--app-secret', SECRET],
        { cwd: dir },
      );
      const seconds = (Date.now() - started) / 1000;
      expect(burst.exitCode, burst.stdout + burst.stderr).toBe(0);
      // Lines for the burst's last second are tallied when that second ends (or at stop).
      up.proc.kill('SIGINT');
      await up.proc;
      const lines = up
        .stdout()
        .split('\n')
        .filter((l) => l !== '');
      const shown = lines.filter((l) => /^\d\d:\d\d:\d\d ← /.test(l)).length;
      const tallied = lines
        .map((l) => /^… ([\d,]+) more request\(s\) in that second not shown: all are in the event log/.exec(l))
        .reduce((sum, m) => sum + (m ? Number(m[1]!.replace(/,/g, '')) : 0), 0);
      expect(shown + tallied).toBe(COUNT);
      // The burst touched at most ⌈seconds⌉ + 1 one-second windows, each showing up to 100 lines.
      expect(shown).toBeLessThanOrEqual(100 * (Math.ceil(seconds) + 1));
      expect(lines.length).toBeLessThan(COUNT);
    } finally {
      if (up.proc.exitCode === null) up.proc.kill('SIGKILL');
    }
    const records = (await readFile(join(dir, '.wa-hook', 'events.jsonl'), 'utf8')).trim().split('\n');
    expect(records).toHaveLength(COUNT);
  });
});
