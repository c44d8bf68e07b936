/**
 * `send-sample --timeout` is an overall deadline per request: a receiver that never finishes its answer (silent,
 * or trickling bytes that would keep an idle timer waiting forever) ends each send with a timeout line and exit 1.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import {
  MISBEHAVIOURS,
  startMisbehavingServer,
  type Misbehaviour,
  type MisbehavingServer,
} from '../helpers/misbehaving-server.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
let server: MisbehavingServer | undefined;
beforeAll(async () => (tmp = await makeTempDir()));
afterAll(() => tmp.cleanup());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const send = (args: string[]) =>
  runCli(['send-sample', 'text', '--unsigned', '--timeout', '300', ...args], { cwd: tmp.dir });

describe.each(Object.keys(MISBEHAVIOURS) as Misbehaviour[])('a receiver that %s', (kind) => {
  it('one send: the timeout line, its hint, exit 1', async () => {
    server = await startMisbehavingServer(kind);
    const run = await send(['--url', server.url]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/→ text timeout after 300 ms/);
    expect(run.stderr).toMatch(/acknowledge first/);
  });

  it('a burst: every request times out, exit 1', async () => {
    server = await startMisbehavingServer(kind);
    const run = await send(['--url', server.url, '--count', '4', '--concurrency', '2', '--json']);
    expect(run.exitCode).toBe(1);
    const summary = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      ok: number;
      failed: number;
      failures: Array<{ cause: string; label: string; count: number }>;
    };
    expect(summary).toMatchObject({ ok: 0, failed: 4 });
    expect(summary.failures).toEqual([
      expect.objectContaining({ cause: 'timeout', label: 'timeout after 300 ms', count: 4 }),
    ]);
  });
});
