import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPidAlive } from '../../src/platform/pid-io.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { ROOT, runCli, startCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { SECRETS, summary } from './helpers.js';

const FAKE_BIN = join(ROOT, 'test', 'fixtures', 'bin');

function recorder(): Promise<{ server: Server; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    res.end('ok');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, hits })));
}

describe('no orphans, no stale state', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    tmp = await makeTempDir('wa-hook-orphans-');
  });
  afterEach(async () => {
    await tmp.cleanup();
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)(
    '%s to `up`: no tunnel process left, no state file claiming a dead `up`',
    async (signal) => {
      const pidFile = join(tmp.dir, 'cloudflared.pids');
      const env = {
        PATH: `${FAKE_BIN}${delimiter}${process.env.PATH ?? ''}`,
        FAKE_CLOUDFLARED_PID_FILE: pidFile,
        WHATSAPP_VERIFY_TOKEN: SECRETS.verifyToken,
        WHATSAPP_APP_SECRET: SECRETS.appSecret,
      };
      const proc = startCli(
        ['up', '--tunnel', 'cloudflared', '--no-clipboard', '--port', '0', '--no-inspect', '--json'],
        { cwd: tmp.dir, env },
      );
      let stdout = '';
      proc.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
      const statePath = join(tmp.dir, '.wa-hook', 'state.json');
      await waitFor(() => /"type":"ready"/.test(stdout) && existsSync(statePath), {
        what: '`up` to be ready',
        timeout: 20_000,
      });
      const tunnelPids = () =>
        existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number) : [];
      await waitFor(() => tunnelPids().length > 0 && /"type":"tunnel"/.test(stdout), {
        what: 'the tunnel URL',
        timeout: 20_000,
      });
      const started = tunnelPids();

      proc.kill(signal);
      const result = await proc;
      const t0 = Date.now();
      // Within a few seconds every tunnel process started for this `up` must be gone.
      const orphans = await waitFor(() => (started.every((p) => !isPidAlive(p)) ? [] : false), {
        timeout: 5_000,
        what: 'tunnel processes to exit',
      }).catch(() => started.filter(isPidAlive));
      for (const pid of orphans) process.kill(pid, 'SIGKILL');
      const goneMs = Date.now() - t0;

      const stateLeft = existsSync(statePath);
      // Whatever the file says, the next command must not target the dead `up`.
      const target = await recorder();
      const next = await runCli(['send-sample', 'text', '--json'], {
        cwd: tmp.dir,
        env: { ...env, PORT: String((target.server.address() as AddressInfo).port) },
      });
      target.server.close();

      summary(
        `orphans (${signal}): exit ${result.exitCode ?? result.signal}, ` +
          `${started.length} tunnel processes started, orphans ${orphans.length} (all gone in ${goneMs} ms)` +
          `, state file ${stateLeft ? 'left (stale)' : 'removed'}, next command went to ${target.hits.length ? 'the default URL (stale state ignored)' : 'nowhere'} (exit ${next.exitCode})`,
      );
      if (signal !== 'SIGKILL') {
        expect(result.exitCode).toBe(0);
        expect(stateLeft).toBe(false);
      }
      expect(started.length).toBeGreaterThan(0);
      expect(orphans).toEqual([]);
      expect(target.hits).toEqual(['POST /webhook']);
      expect(next.exitCode).toBe(0);
    },
  );
});
