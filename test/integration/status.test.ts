// `wa-hook status` against a real `up` on loopback: what ngrok and Stripe CLI users look for first.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startUp, type RunningUp } from '../helpers/start-up.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const TOKEN = 'status-test-verify-token-3f9a';
let tmp: { dir: string; cleanup: () => Promise<void> };
let up: RunningUp | undefined;

beforeEach(async () => {
  tmp = await makeTempDir('wa-hook-status-');
});
afterEach(async () => {
  await up?.stop();
  up = undefined;
  await tmp.cleanup();
});

describe('wa-hook status', () => {
  it('without a running up: exit 1 and how to start one', async () => {
    const run = await runCli(['status'], { cwd: tmp.dir });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/no wa-hook up is running in this folder/);
    expect(run.stderr).toMatch(/start it with `wa-hook up`/);
  });

  it("shows the running up's URL, masked token, tunnel and this run's counts; --show-token and --json", async () => {
    up = await startUp(['--verify-token', TOKEN, '--no-inspect'], { cwd: tmp.dir });
    const sent = await runCli(['send-sample', 'text', 'status-read'], { cwd: tmp.dir });
    expect(sent.exitCode).toBe(0);
    await waitFor(() => (up!.events().filter((e) => e.type === 'event').length >= 2 ? true : undefined), {
      what: 'two recorded events',
    });

    const human = await runCli(['status'], { cwd: tmp.dir });
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`running \\(pid \\d+, for \\d+ s\\)`));
    expect(human.stdout).toContain(`${up.url} (local only: no public URL yet)`);
    expect(human.stdout).toMatch(/verify token {3}stat… \(flag\)/);
    expect(human.stdout).not.toContain(TOKEN);
    expect(human.stdout).toMatch(/this run {7}2 event\(s\), 0 refused/);

    const shown = await runCli(['status', '--show-token'], { cwd: tmp.dir });
    expect(shown.stdout).toContain(TOKEN);

    const json = await runCli(['status', '--json'], { cwd: tmp.dir });
    const report = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      localUrl: up.url,
      verifyToken: 'stat…',
      verifyTokenSource: 'flag',
      counts: { events: 2, rejected: 0, capped: false },
    });
  });
});
