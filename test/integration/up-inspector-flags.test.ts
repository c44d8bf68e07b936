import { createServer } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useUpProject } from '../helpers/up-project.js';
import type { RunningUp } from '../helpers/start-up.js';
import { runCli } from '../helpers/run-cli.js';

describe('up: inspector flags', () => {
  const project = useUpProject();
  let up: RunningUp | undefined;

  it('a busy inspector port: picks a free one and says so', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as { port: number }).port;
    try {
      up = await project.start(['--inspect-port', String(busy)]);
      const ready = up.events().find((e) => e.type === 'ready')!;
      const port = Number(new URL(String(ready.inspectorUrl)).port);
      expect(port).not.toBe(busy);
      expect(up.stderr()).toContain(`port ${busy} is not available: the inspector uses ${port} instead`);
      const res = await fetch(String(ready.inspectorUrl));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toContain('<title>wa-hook inspector</title>');
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('--no-inspect: no inspector, no inspectorUrl in ready or state.json', async () => {
    up = await project.start(['--no-inspect']);
    expect(up.events().find((e) => e.type === 'ready')).not.toHaveProperty('inspectorUrl');
    const state = JSON.parse(await readFile(join(project.dir, '.wa-hook', 'state.json'), 'utf8'));
    expect(state).not.toHaveProperty('inspectorUrl');
  });

  it('--echo with --forward-to is off, with one line saying why', async () => {
    up = await project.start([
      '--no-inspect',
      '--echo',
      '--forward-to',
      'http://127.0.0.1:9/hook',
      '--access-token',
      'EAAGxxxxxxxx',
      '--phone-number-id',
      '1',
    ]);
    expect(up.stderr()).toMatch(/--echo is off with --forward-to/);
  });

  it('an invalid --inspect-port is a usage error before anything starts', async () => {
    const run = await runCli(['up', '--tunnel', 'none', '--port', '0', '--inspect-port', 'abc'], { cwd: project.dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('✖ invalid --inspect-port "abc"\n  → use a number from 0 to 65535; 0 picks a free port\n');
  });
});
