/**
 * .env files as Windows tools write them (PowerShell 5.1 `>`/Out-File: UTF-16LE with BOM; Notepad: UTF-8
 * with BOM; CRLF everywhere), read by `doctor`, `up` and `init` run as child processes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { startUp } from '../helpers/start-up.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const TOKEN = 'tok_Windows_PowerShell_51_abcdef012345';
const SECRET = '0123456789abcdef0123456789abcdef';
const ENV_TEXT = `# written by PowerShell\r\nWHATSAPP_VERIFY_TOKEN=${TOKEN}\r\nWHATSAPP_APP_SECRET=${SECRET}\r\n`;

const utf16le = (text: string) => Buffer.from(text, 'utf16le');
const ENCODINGS: Array<[string, Buffer]> = [
  ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(ENV_TEXT)])],
  ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16le(ENV_TEXT).swap16()])],
  ['UTF-16LE without BOM', utf16le(ENV_TEXT)],
  ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ENV_TEXT)])],
  ['UTF-8', Buffer.from(ENV_TEXT)],
];

type Finding = { id: string; status: string; finding: string };

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(() => cleanup());

async function doctorFindings(args: string[] = [], env: Record<string, string> = {}): Promise<Finding[]> {
  const r = await runCli(['doctor', '--offline', '--json', ...args], { cwd: dir, env });
  return JSON.parse(r.stdout) as Finding[];
}

describe('.env encodings', () => {
  it.each(ENCODINGS)('doctor reads a %s .env with CRLF and says which encoding it read', async (label, bytes) => {
    await writeFile(join(dir, '.env'), bytes);
    const findings = await doctorFindings();
    const byId = (id: string) => findings.find((f) => f.id === id)!;
    expect(byId('config.env-file').finding).toContain(`(${label})`);
    expect(byId('config.verify-token')).toMatchObject({
      status: 'ok',
      finding: expect.stringContaining('(from .env)'),
    });
    expect(byId('config.app-secret').finding).toContain('(from .env)');
  });

  it('up uses the token and App Secret of a UTF-16 .env: signatures checked, no generated token', async () => {
    await writeFile(join(dir, '.env'), ENCODINGS[0]![1]);
    const up = await startUp(['--no-inspect', '--show-token'], { cwd: dir });
    try {
      const ready = up.events().find((e) => e.type === 'ready')!;
      expect(ready).toMatchObject({ verifyToken: TOKEN, verifyTokenGenerated: false, signatures: 'checked' });
      expect(up.stderr()).toContain('as UTF-16LE with BOM');
    } finally {
      expect(await up.stop('SIGINT')).toBe(0);
    }
  });

  it('init --yes keeps a UTF-16LE .env and .gitignore in their encoding and line endings, secrets intact', async () => {
    const bom = Buffer.from([0xff, 0xfe]);
    await writeFile(join(dir, '.env'), Buffer.concat([bom, utf16le(`WHATSAPP_APP_SECRET=${SECRET}\r\n`)]));
    await writeFile(join(dir, '.gitignore'), Buffer.concat([bom, utf16le('node_modules\r\n')]));
    const r = await runCli(['init', '--yes'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('(UTF-16LE with BOM)');

    const env = await readFile(join(dir, '.env'));
    expect([...env.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const text = env.subarray(2).toString('utf16le');
    expect(text).toMatch(new RegExp(`^WHATSAPP_APP_SECRET=${SECRET}\\r\\n`));
    expect(text).toMatch(/\r\nWHATSAPP_VERIFY_TOKEN=[A-Za-z0-9_-]{32}\r\n$/);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text).not.toContain('\ufffd');

    const gitignore = await readFile(join(dir, '.gitignore'));
    expect(gitignore).toEqual(Buffer.concat([bom, utf16le('node_modules\r\n.env\r\n')]));
    // And the next command reads what init wrote.
    const findings = await doctorFindings();
    expect(findings.find((f) => f.id === 'config.app-secret')!.finding).toContain('(from .env)');
  });
});

describe('choosing the env file (Node.js claims --env-file)', () => {
  beforeEach(() => writeFile(join(dir, 'bot.env'), `WHATSAPP_VERIFY_TOKEN=${TOKEN}\n`));

  it('--env-path and WA_HOOK_ENV_FILE select another file', async () => {
    for (const findings of [
      await doctorFindings(['--env-path', 'bot.env']),
      await doctorFindings([], { WA_HOOK_ENV_FILE: 'bot.env' }),
    ]) {
      expect(findings.find((f) => f.id === 'config.env-file')!.finding).toContain('bot.env');
      expect(findings.find((f) => f.id === 'config.verify-token')!.finding).toContain('(from bot.env)');
    }
  });

  it('a missing --env-path is our usage error (exit 2), not Node exiting 9 before wa-hook runs', async () => {
    const r = await runCli(['doctor', '--offline', '--env-path', 'missing.env'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('cannot read env file');
    expect(r.stderr).toContain('missing.env');
  });

  it('the old --env-file=PATH still works where Node lets it through, with a warning', async () => {
    const r = await runCli(['doctor', '--offline', '--json', '--env-file=bot.env'], { cwd: dir });
    expect(r.stderr).toContain('Use --env-path');
    const findings = JSON.parse(r.stdout) as Finding[];
    expect(findings.find((f) => f.id === 'config.env-file')!.finding).toContain('bot.env');
  });
});

describe('npm start -- … in PowerShell', () => {
  it('refuses to start with defaults when npm swallowed our flags (PowerShell dropped the `--`)', async () => {
    const r = await runCli(['up'], {
      cwd: dir,
      env: { npm_lifecycle_event: 'start', npm_config_tunnel: 'true', npm_config_clipboard: '' },
      timeout: 15_000,
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('npm took --tunnel, --no-clipboard as its own option');
    expect(r.stderr).toContain('node bin/wa-hook.js up --tunnel none');
  });
});
