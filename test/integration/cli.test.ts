import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('wa-hook CLI contract', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
  afterAll(() => cleanup());

  it('--help lists every command with examples and exits 0', async () => {
    const r = await runCli(['--help'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    for (const name of ['up', 'verify', 'send-sample', 'doctor', 'events', 'init'])
      expect(r.stdout).toContain(`  ${name} `);
    expect(r.stdout).toContain('Examples:');
  });

  it.each([
    ['unknown option', ['verify', '--nope'], /unknown option '--nope'/],
    ['bad choice', ['up', '--tunnel', 'ngrok'], /Allowed choices are cloudflared, localtunnel, none/],
    ['unknown command', ['upp'], /unknown command 'upp'[\s\S]*\(Did you mean up\?\)/],
    ['invalid port', ['up', '--tunnel', 'none', '--port', '99999'], /invalid port "99999" \(from flag\)/],
    [
      'invalid Graph API URL',
      ['doctor', '--offline', '--graph-url', 'notaurl'],
      /invalid Graph API URL "notaurl" \(from --graph-url\)/,
    ],
    [
      'init --yes with a port that would break every later command',
      ['init', '--yes', '--port', 'abc'],
      /invalid port "abc"/,
    ],
  ])('%s → exit 2 with one clear line, no stack trace', async (_name, args, message) => {
    const r = await runCli(args, { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Nothing was written: init refused before touching .env.
    await expect(access(join(dir, '.env'))).rejects.toThrow();
  });
});
