import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clipboardSkipReason, copyToClipboard } from '../../src/platform/clipboard-io.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const FAKE_BIN = fileURLToPath(new URL('../fixtures/bin', import.meta.url));

describe('clipboardSkipReason', () => {
  const desktop = { DISPLAY: ':0' };
  it.each([
    ['--no-clipboard wins over everything', { enabled: false, interactive: true, env: desktop }, '--no-clipboard'],
    ['CI', { interactive: true, env: { ...desktop, CI: 'true' } }, 'running in CI'],
    ['CI=false is not CI', { interactive: true, env: { ...desktop, CI: 'false' } }, undefined],
    ['not a terminal', { interactive: false, env: desktop }, 'not an interactive terminal; --clipboard forces it'],
    [
      '--clipboard forces it off a terminal and in CI',
      { enabled: true, interactive: false, env: { ...desktop, CI: '1' } },
      undefined,
    ],
    [
      'headless Linux',
      { interactive: true, env: {} },
      'no display server (DISPLAY and WAYLAND_DISPLAY unset: SSH, container, headless)',
    ],
    ['Wayland', { interactive: true, env: { WAYLAND_DISPLAY: 'wayland-0' } }, undefined],
    ['WSL has the Windows clipboard', { interactive: true, env: { WSL_DISTRO_NAME: 'Ubuntu' } }, undefined],
    ['macOS needs no DISPLAY', { interactive: true, env: {}, platform: 'darwin' }, undefined],
    ['Windows needs no DISPLAY', { interactive: true, env: {}, platform: 'win32' }, undefined],
  ])('%s', (_name, options, expected) => {
    expect(clipboardSkipReason({ platform: 'linux', ...options })).toBe(expected);
  });
});

describe('copyToClipboard', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it.runIf(process.platform === 'linux')('copies through xsel found on PATH (clipboardy 5, fake xsel)', async () => {
    const temp = await makeTempDir();
    try {
      const file = join(temp.dir, 'clipboard.txt');
      // clipboardy spawns xsel with the process environment, so this test sets it (forked worker, restored after).
      process.env.PATH = `${FAKE_BIN}${delimiter}${process.env.PATH}`;
      process.env.DISPLAY = ':99';
      delete process.env.WAYLAND_DISPLAY;
      delete process.env.XDG_SESSION_TYPE;
      process.env.FAKE_XSEL_FILE = file;
      const result = await copyToClipboard('https://abc.trycloudflare.com/webhook', {
        enabled: true,
        interactive: false,
        env: process.env,
      });
      expect(result).toEqual({ status: 'copied' });
      expect(await readFile(file, 'utf8')).toBe('https://abc.trycloudflare.com/webhook');
    } finally {
      await temp.cleanup();
    }
  });

  it('skips with the reason and never calls the writer', async () => {
    let called = false;
    const result = await copyToClipboard('x', {
      enabled: false,
      interactive: true,
      env: {},
      write: async () => void (called = true),
    });
    expect(result).toEqual({ status: 'skipped', reason: '--no-clipboard' });
    expect(called).toBe(false);
  });

  it.each([
    [
      'a failing writer',
      async () => Promise.reject(new Error('Both xsel and fallback failed\nmore detail')),
      'Both xsel and fallback failed',
    ],
    ['a hanging writer', () => new Promise<void>(() => {}), 'no answer within 0.2 s'],
  ])('reports %s as failed without throwing', async (_name, write, reason) => {
    const result = await copyToClipboard('x', {
      enabled: true,
      interactive: true,
      env: { DISPLAY: ':0' },
      platform: 'linux',
      write,
      timeoutMs: 200,
    });
    expect(result).toEqual({ status: 'failed', reason });
  });
});
