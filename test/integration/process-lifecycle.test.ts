import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { delimiter } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isPidAlive, spawnManaged } from '../../src/platform/child-process-io.js';
import { waitFor } from '../helpers/wait-for.js';

const FAKE_BIN = fileURLToPath(new URL('../fixtures/bin', import.meta.url));
const BUILT_PROCESS = pathToFileURL(
  fileURLToPath(new URL('../../dist/platform/child-process-io.js', import.meta.url)),
).href;
const env = { ...process.env, PATH: `${FAKE_BIN}${delimiter}${process.env.PATH}` };
const quickArgs = (port: number) => [
  'tunnel',
  '--no-autoupdate',
  '--metrics',
  '127.0.0.1:0',
  '--grace-period',
  '1s',
  '--url',
  `http://127.0.0.1:${port}`,
];

describe('process adapter', () => {
  it('feeds lines, keeps the last ten, and stops gracefully with SIGTERM', async () => {
    const lines: string[] = [];
    const proc = spawnManaged('cloudflared', quickArgs(9), { env, onLine: (l) => lines.push(l) });
    await waitFor(() => lines.some((l) => l.includes('Registered tunnel connection')), { what: 'registered' });
    const exit = await proc.stop();
    expect(exit).toEqual({ exitCode: 0, signal: undefined });
    expect(lines.some((l) => l.includes('Initiating graceful shutdown due to signal terminated'))).toBe(true);
    expect(proc.recentLines()).toHaveLength(10);
    expect(proc.recentLines().at(-1)).toMatch(/Metrics server stopped$/);
    expect(isPidAlive(proc.pid!)).toBe(false);
  });

  it('escalates to SIGKILL when the child ignores SIGTERM', async () => {
    const proc = spawnManaged(
      process.execPath,
      ['-e', "process.on('SIGTERM', () => console.log('ignored')); console.log('up'); setInterval(() => {}, 1000)"],
      { env },
    );
    await waitFor(() => proc.recentLines().includes('up'), { what: 'child up' });
    const exit = await proc.stop(300);
    expect(exit.signal).toBe('SIGKILL');
    expect(proc.recentLines()).toContain('ignored');
  });

  it('reports a missing executable as a spawn error, not a crash', async () => {
    const proc = spawnManaged('wa-hook-no-such-binary', [], { env });
    expect(proc.pid).toBeUndefined();
    expect(await proc.exited).toEqual({ spawnError: 'ENOENT' });
    expect(await proc.stop()).toEqual({ spawnError: 'ENOENT' });
  });

  it('the reaper stops children when their parent is SIGKILLed (built dist)', async () => {
    const script = `
      const { spawnManaged } = await import(${JSON.stringify(BUILT_PROCESS)});
      const proc = spawnManaged('cloudflared', ${JSON.stringify(quickArgs(9))}, { env: process.env, onLine: (l) => {
        if (l.includes('Registered tunnel connection')) console.log('CHILD ' + proc.pid);
      } });
      setInterval(() => {}, 1000);
    `;
    const parent = execa(process.execPath, ['--input-type=module', '-e', script], {
      env,
      reject: false,
      buffer: false,
      stdout: 'pipe',
    });
    let out = '';
    parent.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const childPid = Number(await waitFor(() => /CHILD (\d+)/.exec(out)?.[1], { what: 'child pid' }));
    expect(isPidAlive(childPid)).toBe(true);
    try {
      parent.kill('SIGKILL');
      await parent;
      await waitFor(() => !isPidAlive(childPid), { what: 'orphaned cloudflared to be reaped' });
    } finally {
      if (isPidAlive(childPid)) process.kill(childPid, 'SIGKILL');
    }
  });
});
