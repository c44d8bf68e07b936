import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** A fresh working directory per test; removed by the returned cleanup. */
export async function makeTempDir(prefix = 'wa-hook-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A fresh directory for each test of the enclosing `describe` (registers beforeEach/afterEach): read `.dir`
 * inside a test or a hook registered after this call.
 */
export function useTempDir(): { readonly dir: string } {
  let temp: { dir: string; cleanup: () => Promise<void> } | undefined;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await temp?.cleanup();
    temp = undefined;
  });
  return {
    get dir() {
      if (temp === undefined) throw new Error('useTempDir: the directory exists only while a test runs');
      return temp.dir;
    },
  };
}
