import { createServer } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startUp, type RunningUp } from '../helpers/start-up.js';
import { runCli } from '../helpers/run-cli.js';

describe('up: inspector flags', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let up: RunningUp | undefined;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => {
    if (up && up.proc.exitCode === null) await up.stop();
    up = undefined;
    await cleanup();
  });

  it('a busy inspector port: picks a free one and says so', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as { port: number }).port;
    try {
      up = await startUp(['--inspect-port', String(busy)], { cwd: dir });
      const ready = up.events().find((e) => e.type === 'ready')!;
      const port = Number(new URL(String(ready.inspectorUrl)).port);
      expect(port).not.toBe(busy);
      expect(up.stderr()).toContain(`port ${busy} is busy: the inspector uses ${port} instead`);
      const res = await fetch(String(ready.inspectorUrl));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toContain('<title>wa-hook inspector</title>');
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('--no-inspect: no inspector, no inspectorUrl in ready or state.json', async () => {
    up = await startUp(['--no-inspect'], { cwd: dir });
    expect(up.events().find((e) => e.type === 'ready')).not.toHaveProperty('inspectorUrl');
    const state = JSON.parse(await readFile(join(dir, '.wa-hook', 'state.json'), 'utf8'));
    expect(state).not.toHaveProperty('inspectorUrl');
  });

  it('--echo with --forward-to is off, with one line saying why', async () => {
    up = await startUp(['--no-inspect', '--echo', '--forward-to', 'http://127.0.0.1:9/hook', '--access-token', 'EAAGxxxxxxxx', '--phone-number-id', '1'], { cwd: dir });
    expect(up.stderr()).toMatch(/--echo is off with --forward-to/);
  });

  it('an invalid --inspect-port is a usage error before anything starts', async () => {
    const run = await runCli(['up', '--tunnel', 'none', '--port', '0', '--inspect-port', 'abc'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('✖ invalid --inspect-port "abc"\n  → use a number from 0 to 65535; 0 picks a free port\n');
  });
});
