import { describe, expect, it } from 'vitest';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { request } from 'undici';
import { isPidAlive } from '../../src/platform/child-process-io.js';
import { BIN, cliEnv } from '../helpers/run-cli.js';
import { useUpProject } from '../helpers/up-project.js';
import { fakePids, PATH_WITH_FAKES, pidFile, startUpTunnel } from '../helpers/start-up-tunnel.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

/** `wa-hook up | head -1`: when the reader goes away, up stops cleanly instead of dying on EPIPE. */
describe('up whose output pipe closes', () => {
  const project = useUpProject();

  it('stops like after Ctrl-C: one line on stderr, exit 0, state.json removed', async () => {
    const up = await project.start([]);
    const state = join(project.dir, '.wa-hook', 'state.json');
    await access(state);
    up.proc.stdout!.destroy();
    // Each request makes up print a line: the first write into the closed pipe fails with EPIPE.
    const exited = up.proc.then((r) => r.exitCode);
    for (let i = 0; i < 50 && up.proc.exitCode === null; i++) {
      await request(up.url).then(
        (r) => r.body.dump(),
        () => undefined,
      );
    }
    expect(await exited).toBe(0);
    expect(up.stderr()).toContain('wa-hook up: output closed, stopping');
    expect(up.stderr()).not.toMatch(/EPIPE|\n\s+at /);
    await expect(access(state)).rejects.toThrow();
  });
});

describe('up whose reader goes away while nothing happens', () => {
  const temp = useTempDir();

  it('notices without a next line: exit 0, the tunnel program stopped, state.json removed', async () => {
    const dir = temp.dir;
    const pids = pidFile(dir);
    const up = await startUpTunnel(['--tunnel', 'cloudflared', '--no-clipboard', '--no-inspect'], {
      cwd: dir,
      env: { PATH: PATH_WITH_FAKES, FAKE_CLOUDFLARED_PID_FILE: pids },
    });
    try {
      // The first line was read (`ready`); the tunnel is up and checked, then the reader leaves (`head -1`).
      await up.waitForEvent((e) => e.type === 'verify', 'the self-test');
      const [cloudflared] = await fakePids(pids);
      expect(isPidAlive(cloudflared!)).toBe(true);
      const state = join(dir, '.wa-hook', 'state.json');
      await access(state);
      up.proc.stdout!.destroy();
      // Nothing is sent to up and nothing else would make it print: only noticing the closed pipe stops it.
      await waitFor(() => up.exited(), { what: 'up to stop on its own' });
      expect((await up.proc).exitCode).toBe(0);
      expect(up.stderr()).toContain('wa-hook up: output closed, stopping');
      expect(up.stderr()).not.toMatch(/EPIPE|\n\s+at /);
      await waitFor(() => !isPidAlive(cloudflared!), { what: 'cloudflared to be gone' });
      await expect(access(state)).rejects.toThrow();
    } finally {
      if (!up.exited()) await up.stop('SIGKILL');
    }
  });
});

/**
 * The literal `wa-hook up --json | head -1` through a shell pipe. Linux accepts a zero-byte write to a pipe
 * whose reader is gone, so there up learns it from /proc (who holds the read end); elsewhere the write fails.
 */
describe.skipIf(process.platform === 'win32')('up | head -1 in a shell', () => {
  const temp = useTempDir();

  it('returns to the prompt after the first line: up exits 0 and removes state.json, nothing else printed', async () => {
    const dir = temp.dir;
    const script =
      'node "$1" up --json --tunnel none --no-inspect --no-clipboard --port 0 | head -1; exit ${PIPESTATUS[0]}';
    // No request is ever sent: only noticing that head left can end up (else the test's timeout does).
    const shell = await execa('bash', ['-c', script, 'bash', BIN], {
      cwd: dir,
      env: cliEnv(),
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
    expect(JSON.parse(String(shell.stdout)).type).toBe('ready');
    expect(shell.exitCode).toBe(0);
    expect(String(shell.stderr)).toContain('wa-hook up: output closed, stopping');
    await expect(access(join(dir, '.wa-hook', 'state.json'))).rejects.toThrow();
  });
});
