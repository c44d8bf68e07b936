import { describe, expect, it } from 'vitest';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';
import { runInPty } from '../helpers/pty.js';
import { DEFAULT_IDS } from '../fixtures/fake-graph-api.js';
import { useCleanups } from '../helpers/cleanups.js';

const defer = useCleanups();

async function dir(): Promise<string> {
  const t = await makeTempDir('wa-hook-init-');
  defer(t.cleanup);
  return t.dir;
}

const EXISTING =
  '# my bot\nWHATSAPP_VERIFY_TOKEN=EAAGm0PX4ZCpsBAKZAZBxyz0123456789\nDATABASE_URL=postgres://x@y/z # keep me\n\nexport LOG_LEVEL=debug\n';

describe('wa-hook init --yes', () => {
  it('replaces an access token used as verify token, takes flags/env, keeps every other line, 0600, .gitignore', async () => {
    const d = await dir();
    await writeFile(join(d, '.env'), EXISTING);
    const run = await runCli(['init', '--yes', '--waba-id', DEFAULT_IDS.wabaId], {
      cwd: d,
      env: { WHATSAPP_APP_SECRET: DEFAULT_IDS.appSecret },
    });
    expect(run.exitCode).toBe(0);
    const text = await readFile(join(d, '.env'), 'utf8');
    const values = parse(text);
    expect(values.WHATSAPP_VERIFY_TOKEN).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(values.WHATSAPP_APP_SECRET).toBe(DEFAULT_IDS.appSecret);
    expect(values.WHATSAPP_BUSINESS_ACCOUNT_ID).toBe(DEFAULT_IDS.wabaId);
    expect(text.startsWith('# my bot\nWHATSAPP_VERIFY_TOKEN=')).toBe(true);
    expect(text).toContain('DATABASE_URL=postgres://x@y/z # keep me\n\nexport LOG_LEVEL=debug\n');
    expect((await stat(join(d, '.env'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(d, '.gitignore'), 'utf8')).toBe('.env\n');
    expect(run.stderr).toContain('replaced WHATSAPP_VERIFY_TOKEN: it looks like a Meta access token');
    expect(run.stderr).toMatch(/✔ updated .*\.env \(UTF-8\): WHATSAPP_VERIFY_TOKEN/);
    expect(run.stdout + run.stderr).not.toContain(values.WHATSAPP_VERIFY_TOKEN!);
    expect(run.stdout + run.stderr).not.toContain(DEFAULT_IDS.appSecret);
  });

  it('a second run changes nothing (same bytes)', async () => {
    const d = await dir();
    const created = await runCli(['init', '--yes'], { cwd: d });
    expect(created.exitCode).toBe(0);
    expect(created.stderr).toMatch(/✔ created .*\.env \(UTF-8\): WHATSAPP_VERIFY_TOKEN/);
    expect(created.stderr).not.toContain('updated');
    const first = await readFile(join(d, '.env'), 'utf8');
    const again = await runCli(['init', '--yes'], { cwd: d });
    expect(again.stderr).toContain('already up to date');
    expect(await readFile(join(d, '.env'), 'utf8')).toBe(first);
  });

  it.each([
    [
      'an access token as verify token',
      ['--verify-token', 'EAAGm0PX4ZCpsBAKZAZBxyz0123456789'],
      /verify token looks like a Meta access token/,
    ],
    ['a token as app secret', ['--app-secret', 'EAAGm0PX4ZCpsBAKZAZBxyz'], /App Secret looks like an access token/],
    [
      'a phone number as phone number id',
      ['--phone-number-id', '+1 555-078-3881'],
      /looks like a phone number, not an id/,
    ],
  ])('refuses %s (exit 2, file untouched)', async (_n, args, text) => {
    const d = await dir();
    await writeFile(join(d, '.env'), EXISTING);
    const run = await runCli(['init', '--yes', ...args], { cwd: d });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(text);
    expect(await readFile(join(d, '.env'), 'utf8')).toBe(EXISTING);
  });

  it('without --yes and without a terminal it asks for --yes instead of guessing', async () => {
    const d = await dir();
    const run = await runCli(['init'], { cwd: d });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('pass --yes');
  });
});

function initInPty(cwd: string, answers: Array<[waitFor: string, keys: string]>) {
  return runInPty(['init'], { cwd, answers });
}

describe('wa-hook init in a terminal', () => {
  it('asks for each value, validates it with the doctor rules, and writes the .env', async () => {
    const d = await dir();
    await writeFile(join(d, '.env'), 'OTHER=1\n');
    const { exitCode, screen } = await initInPty(d, [
      ['? App Secret', 'EAAGnotasecret1234567890\r'],
      ['looks like an access token', '\x15' + `${DEFAULT_IDS.appSecret}\r`],
      ['? Access token', `${DEFAULT_IDS.accessToken}\r`],
      ['? Phone number ID', `${DEFAULT_IDS.phoneNumberId}\r`],
      ['? WhatsApp Business Account ID', '\r'],
      ['? App ID', `${DEFAULT_IDS.appId}\r`],
    ]);
    expect(exitCode).toBe(0);
    expect(screen).toContain('App Secret looks like an access token');
    expect(screen).toContain('App settings → Basic → App secret');
    const values = parse(await readFile(join(d, '.env'), 'utf8'));
    expect(values).toMatchObject({
      OTHER: '1',
      WHATSAPP_APP_SECRET: DEFAULT_IDS.appSecret,
      WHATSAPP_ACCESS_TOKEN: DEFAULT_IDS.accessToken,
      WHATSAPP_PHONE_NUMBER_ID: DEFAULT_IDS.phoneNumberId,
      WHATSAPP_APP_ID: DEFAULT_IDS.appId,
    });
    expect(values.WHATSAPP_BUSINESS_ACCOUNT_ID).toBeUndefined();
    expect(values.WHATSAPP_VERIFY_TOKEN).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(screen).not.toContain(DEFAULT_IDS.accessToken);
    expect(screen).not.toContain(DEFAULT_IDS.appSecret);
  });

  it('Ctrl-C cancels cleanly: "Cancelled.", exit 130, file untouched', async () => {
    const d = await dir();
    await writeFile(join(d, '.env'), 'KEEP=1\n');
    const { exitCode, screen } = await initInPty(d, [
      ['? App Secret', `${DEFAULT_IDS.appSecret}\r`],
      ['? Access token', '\x03'],
    ]);
    expect(exitCode).toBe(130);
    expect(screen).toContain('Cancelled.');
    expect(await readFile(join(d, '.env'), 'utf8')).toBe('KEEP=1\n');
  });
});
