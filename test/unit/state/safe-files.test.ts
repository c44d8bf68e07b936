import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '../../helpers/temp-dir.js';
import {
  UnsafeStateError,
  createSafeFileExclusive,
  readSafeFile,
  writeSafeFile,
} from '../../../src/state/safe-files-io.js';

describe('safe files in .wa-hook/', () => {
  let dir = '';
  let cleanup = async () => {};
  let victim = '';
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    victim = join(dir, 'victim');
    await writeFile(victim, 'precious\n');
    await mkdir(join(dir, '.wa-hook'));
  });
  afterEach(() => cleanup());

  it('refuses to write through a symlink and leaves the target untouched', async () => {
    await symlink(victim, join(dir, '.wa-hook', 'state.json'));
    await expect(writeSafeFile(join(dir, '.wa-hook', 'state.json'), 'x')).rejects.toBeInstanceOf(UnsafeStateError);
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
  });

  it('refuses to read through a symlink', async () => {
    await symlink(victim, join(dir, '.wa-hook', 'verify-token'));
    await expect(readSafeFile(join(dir, '.wa-hook', 'verify-token'))).rejects.toThrow(/symbolic link/);
  });

  it('writes 0600 through an unpredictable temp name, so a planted <file>.<pid>.tmp link is never used', async () => {
    await symlink(victim, join(dir, '.wa-hook', `state.json.${process.pid}.tmp`));
    await writeSafeFile(join(dir, '.wa-hook', 'state.json'), '{"a":1}\n');
    expect(await readFile(join(dir, '.wa-hook', 'state.json'), 'utf8')).toBe('{"a":1}\n');
    expect((await stat(join(dir, '.wa-hook', 'state.json'))).mode & 0o777).toBe(0o600);
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
    expect((await readdir(join(dir, '.wa-hook'))).sort()).toEqual(['state.json', `state.json.${process.pid}.tmp`]);
  });

  it('creates a lock exclusively: a dangling symlink counts as taken and is not followed', async () => {
    await symlink(join(dir, 'would-be-created'), join(dir, '.wa-hook', 'up.lock'));
    expect(await createSafeFileExclusive(join(dir, '.wa-hook', 'up.lock'), 'x')).toBe(false);
    await expect(readdir(dir)).resolves.not.toContain('would-be-created');
    expect(await createSafeFileExclusive(join(dir, '.wa-hook', 'other.lock'), 'mine')).toBe(true);
    expect(await readFile(join(dir, '.wa-hook', 'other.lock'), 'utf8')).toBe('mine');
  });

  it('does not create .wa-hook just to read from it', async () => {
    expect(await readSafeFile(join(dir, 'missing', 'state.json'))).toBeUndefined();
    await expect(readdir(dir)).resolves.not.toContain('missing');
  });
});

describe('.env written by init', () => {
  it('never writes through a link planted under the old predictable temp name', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const victim = join(dir, 'victim');
      await writeFile(victim, 'precious\n');
      const { writeEnvFile } = await import('../../../src/config/env-file-io.js');
      await symlink(victim, join(dir, `..env.${process.pid}.tmp`));
      await writeEnvFile(join(dir, '.env'), { WHATSAPP_VERIFY_TOKEN: 'tok_0123456789abcdefghij' });
      expect(await readFile(victim, 'utf8')).toBe('precious\n');
      expect(await readFile(join(dir, '.env'), 'utf8')).toContain('WHATSAPP_VERIFY_TOKEN=tok_0123456789abcdefghij');
      expect((await stat(join(dir, '.env'))).mode & 0o777).toBe(0o600);
    } finally {
      await cleanup();
    }
  });
});
