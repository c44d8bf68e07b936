import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCli, startCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const TOKEN = 'tok_live_budget_0123456789';
const COUNT = 1_000;

describe('up: a burst does not flood the terminal, and nothing is lost', () => {
  let dir = '';
  let cleanup = async () => {};
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  it('prints at most about 100 lines a second, tallies the rest, and records every request', async () => {
    const up = startCli(['up', '--tunnel', 'none', '--port', '0', '--verify-token', TOKEN, '--app-secret', SECRET], {
      cwd: dir,
    });
    let stdout = '';
    let stderr = '';
    up.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    up.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const url = (
        await waitFor(() => /receiver listening on (http:\/\/\S+)/.exec(stderr) ?? undefined, { what: 'the banner' })
      )[1]!;
      const started = Date.now();
      const burst = await runCli(
        ['send-sample', '--url', url, '--count', String(COUNT), '--concurrency', '20', '--app-secret', SECRET],
        { cwd: dir },
      );
      const seconds = (Date.now() - started) / 1000;
      expect(burst.exitCode, burst.stdout + burst.stderr).toBe(0);
      // Lines for the burst's last second are tallied when that second ends (or at stop).
      up.kill('SIGINT');
      await up;
      const lines = stdout.split('\n').filter((l) => l !== '');
      const shown = lines.filter((l) => /^\d\d:\d\d:\d\d ← /.test(l)).length;
      const tallied = lines
        .map((l) => /^… ([\d,]+) more request\(s\) in that second not shown: all are in the event log/.exec(l))
        .reduce((sum, m) => sum + (m ? Number(m[1]!.replace(/,/g, '')) : 0), 0);
      expect(shown + tallied).toBe(COUNT);
      // The burst touched at most ⌈seconds⌉ + 1 one-second windows, each showing up to 100 lines.
      expect(shown).toBeLessThanOrEqual(100 * (Math.ceil(seconds) + 1));
      expect(lines.length).toBeLessThan(COUNT);
    } finally {
      if (up.exitCode === null) up.kill('SIGKILL');
    }
    const records = (await readFile(join(dir, '.wa-hook', 'events.jsonl'), 'utf8')).trim().split('\n');
    expect(records).toHaveLength(COUNT);
  });
});
