/**
 * Closing the console window / terminal (SIGHUP) must clean up like Ctrl-C, and a state.json left behind
 * by an `up` that could not clean up must not be taken for a live one because its pid was reused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { startUp } from '../helpers/start-up.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(() => cleanup());

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('up and its state file', () => {
  it('SIGHUP (terminal or console window closed) stops up cleanly: exit 0, state.json removed', async () => {
    const up = await startUp(['--no-inspect'], { cwd: dir });
    const state = JSON.parse(await readFile(join(dir, '.wa-hook', 'state.json'), 'utf8')) as { instanceId?: string };
    expect(state.instanceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await up.stop('SIGHUP')).toBe(0);
    expect(up.events().at(-1)).toEqual({ type: 'stopped' });
    expect(await exists(join(dir, '.wa-hook', 'state.json'))).toBe(false);
  });

  it('a live up is found by its instance id', async () => {
    const up = await startUp(['--no-inspect'], { cwd: dir });
    try {
      const r = await runCli(['verify'], { cwd: dir });
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toContain('(the running wa-hook up)');
    } finally {
      await up.stop('SIGINT');
    }
  });

  describe('a stale state.json whose pid now belongs to another process', () => {
    let other: LoopbackServer;
    beforeEach(async () => {
      // Something else listens where the dead up did, and this test process owns the reused pid.
      other = await startLoopbackServer((_req, res) => res.writeHead(404).end('not wa-hook'));
      await mkdir(join(dir, '.wa-hook'));
      const stale = {
        pid: process.pid,
        instanceId: '00000000-0000-4000-8000-000000000000',
        startedAt: new Date(0).toISOString(),
        localUrl: `${other.url}/webhook`,
        path: '/webhook',
        port: other.port,
        verifyToken: 'tok_stale_session_token_0123456789',
        verifyTokenSource: 'generated',
      };
      await writeFile(join(dir, '.wa-hook', 'state.json'), JSON.stringify(stale));
    });
    afterEach(() => other.close());

    it('is not taken for a running up', async () => {
      const r = await runCli(['doctor', '--offline', '--json'], { cwd: dir });
      const findings = JSON.parse(r.stdout) as Array<{ id: string; status: string; finding: string }>;
      expect(findings.find((f) => f.id === 'config.verify-token.matches-up')).toMatchObject({
        status: 'skip',
        finding: 'no running `wa-hook up`',
      });
      expect(other.requests.map((q) => q.url)).toEqual(['/.wa-hook/instance']);
    });
  });
});
