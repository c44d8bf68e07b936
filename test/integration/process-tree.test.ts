/**
 * A wrapper whose real program inherits our pipes: what a `.cmd` shim (npm's `cloudflared` package) is on
 * Windows. Killing only the wrapper used to leave the program running and `exited` pending forever.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPidAlive, spawnManaged } from '../../src/platform/child-process-io.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const WIN_BIN = fileURLToPath(new URL('../fixtures/win-bin', import.meta.url));
// The wrapper starts the "real program" in the background (it inherits stdout/stderr) and waits for it.
const WRAPPER = ['-c', 'sleep 300 & echo "PROGRAM $!"; wait'];

/** Gone or a zombie (killed, not yet reaped by whoever inherited it). */
function gone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

async function startWrapper(options: { platform: NodeJS.Platform; env: NodeJS.ProcessEnv; drainLimitMs?: number }) {
  const proc = spawnManaged('sh', WRAPPER, options);
  const program = Number(
    await waitFor(
      () =>
        proc
          .recentLines()
          .map((l) => /^PROGRAM (\d+)$/.exec(l)?.[1])
          .find(Boolean),
      {
        what: 'the wrapped program',
      },
    ),
  );
  return { proc, program };
}

describe('stopping a process tree', () => {
  it('on Windows runs taskkill /T, then /T /F at once for a console program: wrapper and program are gone', async () => {
    const { dir, cleanup } = await makeTempDir();
    const log = join(dir, 'taskkill.log');
    const env = { ...process.env, PATH: `${WIN_BIN}${delimiter}${process.env.PATH}`, TASKKILL_LOG: log };
    const { proc, program } = await startWrapper({ platform: 'win32', env });
    try {
      const exit = await proc.stop(5000);
      expect(exit.signal).toBe('SIGKILL');
      await waitFor(() => gone(program), { what: 'the wrapped program to be gone', timeout: 3000 });
      expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual([
        `/pid ${proc.pid} /T`,
        `/pid ${proc.pid} /T /F`,
      ]);
    } finally {
      if (isPidAlive(program)) process.kill(program, 'SIGKILL');
      await cleanup();
    }
  });

  it('stops waiting for output a grandchild still holds once the process has exited (drain limit)', async () => {
    const { proc, program } = await startWrapper({ platform: 'linux', env: process.env, drainLimitMs: 200 });
    try {
      // SIGTERM ends the wrapper only; the program keeps the pipes open. stop() must still resolve.
      const exit = await proc.stop(5000);
      expect(exit.signal).toBe('SIGTERM');
      expect(await proc.exited).toEqual(exit);
    } finally {
      if (isPidAlive(program)) process.kill(program, 'SIGKILL');
    }
  });
});
