import { describe, expect, it } from 'vitest';
import { DRAIN_LIMIT_MS, stopSignals, treeKillCommand } from '../../../src/platform/process-tree.js';
import { clipboardTimeoutMs } from '../../../src/platform/clipboard-limits.js';
import { secretFileProtection } from '../../../src/platform/file-protection.js';
import { gitRelativePath } from '../../../src/platform/paths.js';
import { npmSwallowedFlags } from '../../../src/platform/npm-argv.js';
import { isTransientRenameError } from '../../../src/platform/rename-retry.js';
import { renameWithRetry } from '../../../src/platform/rename-retry-io.js';
import { chooseEnvFile } from '../../../src/config/env-file-choice.js';
import { gitignoreCovers } from '../../../src/config/env-text.js';

describe('platform rules (platform injected)', () => {
  it('stops a Windows child as a tree with taskkill, politely first; POSIX uses signals', () => {
    expect(treeKillCommand(4242, 'win32', false)).toEqual({ command: 'taskkill', args: ['/pid', '4242', '/T'] });
    expect(treeKillCommand(4242, 'win32', true)).toEqual({ command: 'taskkill', args: ['/pid', '4242', '/T', '/F'] });
    expect(treeKillCommand(4242, 'linux', true)).toBeUndefined();
    expect(DRAIN_LIMIT_MS).toBeLessThanOrEqual(5000);
  });

  it('treats a closed console (SIGHUP) and Ctrl-Break (SIGBREAK, Windows only) like Ctrl-C', () => {
    expect(stopSignals('win32')).toEqual(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']);
    expect(stopSignals('linux')).toEqual(['SIGINT', 'SIGTERM', 'SIGHUP']);
  });

  it('gives a cold powershell.exe (clipboardy on win32) more than 2 s', () => {
    expect(clipboardTimeoutMs('win32')).toBeGreaterThanOrEqual(5000);
    expect(clipboardTimeoutMs('linux')).toBe(2000);
    expect(clipboardTimeoutMs('darwin')).toBe(2000);
  });

  it('promises 0600 only where modes exist; on Windows names the ACL that applies', () => {
    expect(secretFileProtection('/home/me/p/.env', 'linux', '/home/me').statement).toContain('0600');
    const inside = secretFileProtection('c:\\users\\me\\code\\bot\\.env', 'win32', 'C:\\Users\\Me');
    expect(inside).toEqual({ privateToUser: true, statement: expect.stringContaining('user profile ACL') as string });
    expect(inside.statement).not.toContain('0600');
    const outside = secretFileProtection('C:\\projects\\bot\\.env', 'win32', 'C:\\Users\\Me');
    expect(outside.privateToUser).toBe(false);
    expect(outside.statement).toContain('outside your user profile');
    expect(secretFileProtection('C:\\Users\\Me2\\.env', 'win32', 'C:\\Users\\Me').privateToUser).toBe(false);
  });

  it('spells paths for .gitignore with forward slashes on Windows', () => {
    expect(gitRelativePath('C:\\proj', 'C:\\proj\\app\\.env', 'win32')).toBe('app/.env');
    expect(gitRelativePath('/proj', '/proj/app/.env', 'linux')).toBe('app/.env');
    expect(gitignoreCovers('app/.env\n', gitRelativePath('C:\\proj', 'C:\\proj\\app\\.env', 'win32'))).toBe(true);
  });

  it('a slash-less .gitignore pattern covers the file at any depth', () => {
    expect(gitignoreCovers('.env\r\n', 'app/.env')).toBe(true);
    expect(gitignoreCovers('*.env\n', 'app/bot.env')).toBe(true);
    expect(gitignoreCovers('/.env\n', 'app/.env')).toBe(false);
    expect(gitignoreCovers('.env\n!app/.env\n', 'app/.env')).toBe(false);
  });

  it('notices our flags among npm configs (PowerShell dropped the `--` of `npm start -- …`)', () => {
    const env = {
      npm_lifecycle_event: 'start',
      npm_config_tunnel: 'true',
      npm_config_clipboard: '',
      npm_config_yes: '',
    };
    expect(npmSwallowedFlags(env, ['--tunnel', '--no-clipboard', '--yes', '--port'])).toEqual([
      '--tunnel',
      '--no-clipboard',
    ]);
    expect(npmSwallowedFlags({ npm_config_tunnel: 'true' }, ['--tunnel'])).toEqual([]);
  });

  it('retries a rename only for the transient Windows sharing errors', () => {
    expect(isTransientRenameError('EPERM', 'win32')).toBe(true);
    expect(isTransientRenameError('EBUSY', 'win32')).toBe(true);
    expect(isTransientRenameError('ENOENT', 'win32')).toBe(false);
    expect(isTransientRenameError('EPERM', 'linux')).toBe(false);
  });

  it('picks the env file from --env-path, the old --env-file (with a warning), WA_HOOK_ENV_FILE, else .env', () => {
    expect(chooseEnvFile({ envPath: 'a.env', envFile: 'b.env' }, { WA_HOOK_ENV_FILE: 'c.env' })).toEqual({
      file: 'a.env',
      explicit: true,
      source: '--env-path',
    });
    expect(chooseEnvFile({ envFile: 'b.env' }, {})).toMatchObject({ file: 'b.env', warning: expect.any(String) });
    expect(chooseEnvFile({}, { WA_HOOK_ENV_FILE: 'c.env' })).toMatchObject({ file: 'c.env', explicit: true });
    expect(chooseEnvFile({}, {})).toEqual({ file: '.env', explicit: false, source: 'default' });
  });
});

describe('renameWithRetry', () => {
  const busy = (code: string) => Object.assign(new Error(code), { code });

  it('rides out an antivirus holding the target (EPERM, EBUSY) on Windows', async () => {
    const calls: string[] = [];
    let failures = 2;
    await renameWithRetry('a', 'b', {
      platform: 'win32',
      delaysMs: [1, 1, 1],
      rename: async (from, to) => {
        calls.push(`${from}->${to}`);
        if (failures-- > 0) throw busy(failures ? 'EPERM' : 'EBUSY');
      },
    });
    expect(calls).toHaveLength(3);
  });

  it('gives up after the last delay, and never retries other errors or other platforms', async () => {
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw busy('EPERM');
    };
    await expect(renameWithRetry('a', 'b', { platform: 'win32', delaysMs: [1, 1], rename: failing })).rejects.toThrow(
      'EPERM',
    );
    expect(calls).toBe(3);
    calls = 0;
    await expect(renameWithRetry('a', 'b', { platform: 'linux', delaysMs: [1, 1], rename: failing })).rejects.toThrow(
      'EPERM',
    );
    expect(calls).toBe(1);
  });
});
