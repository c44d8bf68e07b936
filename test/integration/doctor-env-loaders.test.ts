/**
 * A .env wa-hook reads but the bot's own loader does not (issue 26, item 10). Each case writes the bytes the
 * report describes, runs doctor, then checks the claim and the printed fix against the real loaders: dotenv (the
 * npm package wa-hook itself depends on), Node's util.parseEnv (what --env-file uses) and, where installed,
 * python-dotenv.
 */
import { execa } from 'execa';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { parse as dotenvParse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { closedPort, doctorJson, goodEnv, makeProject, VERIFY_TOKEN } from '../helpers/doctor-project.js';
import { findPython } from '../helpers/python.js';
import { useCleanups } from '../helpers/cleanups.js';

// A test may make several projects: each one is removed after it.
const defer = useCleanups();

async function doctorOn(bytes: Buffer, files: Record<string, string> = {}) {
  const project = await makeProject('');
  defer(project.cleanup);
  await writeFile(join(project.dir, '.env'), bytes);
  for (const [name, text] of Object.entries(files)) await writeFile(join(project.dir, name), text);
  const { byId, run } = await doctorJson(project.dir, ['--offline'], { PORT: String(await closedPort()) });
  return { dir: project.dir, finding: byId('config.env-bot-loaders'), run, verifyToken: byId('config.verify-token') };
}

/** Runs the printed macOS/Linux command, as a user on those systems would. */
async function applyPosixFix(fix: string | undefined): Promise<void> {
  const command = fix?.split(' · macOS/Linux: ')[1];
  expect(command, `no macOS/Linux command in: ${fix}`).toBeTruthy();
  const run = await execa('sh', ['-c', command!.replace(/; from then on.*$/, '')], { reject: false });
  expect(run.exitCode, run.stderr).toBe(0);
}

const python = await findPython('dotenv');

/** What python-dotenv's dotenv_values() makes of the file: the dict, or the exception it raises. */
async function pythonReads(path: string): Promise<string> {
  const run = await execa(python!, [
    '-c',
    'import sys, json\nfrom dotenv import dotenv_values\ntry: print(json.dumps(dotenv_values(sys.argv[1])))\nexcept Exception as e: print(type(e).__name__ + ": " + str(e))',
    path,
  ]);
  return run.stdout;
}

describe('doctor says what the bot’s .env loader reads', () => {
  it('healthy control: UTF-8 with LF is read alike by every loader, no warning', async () => {
    const { finding } = await doctorOn(Buffer.from(goodEnv()));
    expect(finding).toMatchObject({ status: 'ok' });
    expect(finding.finding).toContain('dotenv (Node), python-dotenv and node --env-file read it as wa-hook does');
  });

  // https://github.com/motdotla/dotenv/issues/445 — "Windows 10 powershell default encoding for `>` (`Out-File`)
  // command is UTF-16 … all variables in that file will resolve to undefined" (same in
  // https://github.com/microsoft/vscode-python/issues/1563 for Python).
  it('UTF-16LE from PowerShell 5.1’s `>`: dotenv finds nothing; the printed conversion makes every loader read it', async () => {
    const text = goodEnv().replace(/\n/g, '\r\n');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(Object.keys(dotenvParse(bytes.toString('utf8')))).toEqual([]); // the report's claim, on the real parser
    const { dir, finding, verifyToken } = await doctorOn(bytes);
    expect(verifyToken.status).toBe('ok'); // wa-hook itself reads it
    expect(finding.status).toBe('warn');
    expect(finding.finding).toContain("UTF-16LE with BOM (what Windows PowerShell 5.1's `>` and Out-File write)");
    expect(finding.finding).toContain('dotenv (Node) finds no variable at all');
    expect(finding.finding).toContain(
      "python-dotenv stops with UnicodeDecodeError ('utf-8' codec can't decode byte 0xff in position 0)",
    );
    const envPath = join(dir, '.env');
    expect(finding.fix).toContain(
      `PowerShell: [IO.File]::WriteAllText('${envPath}', (Get-Content -Raw -LiteralPath '${envPath}'))`,
    );
    expect(finding.fix).toContain(`cmd: powershell -NoProfile -Command "[IO.File]::WriteAllText(`);
    if (python)
      expect(await pythonReads(envPath)).toMatch(
        /^UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0/,
      );

    await applyPosixFix(finding.fix);
    const fixed = await readFile(envPath);
    expect(fixed.subarray(0, 3)).not.toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(dotenvParse(fixed.toString('utf8')).WHATSAPP_VERIFY_TOKEN).toBe(VERIFY_TOKEN);
    expect(parseEnv(fixed.toString('utf8')).WHATSAPP_VERIFY_TOKEN).toBe(VERIFY_TOKEN);
    if (python) expect(JSON.parse(await pythonReads(envPath)).WHATSAPP_VERIFY_TOKEN).toBe(VERIFY_TOKEN);
    expect((await doctorOn(fixed)).finding.status).toBe('ok');
  });

  // https://github.com/theskumar/python-dotenv/issues/637 — "the first environment variable is silently ignored"
  // with a BOM, python-dotenv 1.0.1 to 1.2.2 (the fix, #640, is unreleased).
  it('UTF-8 with BOM: python-dotenv and node --env-file lose the first variable; dotenv does not', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(goodEnv())]);
    expect(parseEnv(bytes.toString('utf8')).WHATSAPP_VERIFY_TOKEN).toBeUndefined();
    expect(dotenvParse(bytes.toString('utf8')).WHATSAPP_VERIFY_TOKEN).toBe(VERIFY_TOKEN);
    const { dir, finding } = await doctorOn(bytes);
    expect(finding.status).toBe('warn');
    expect(finding.finding).toContain(
      'read the first name as "\\uFEFFWHATSAPP_VERIFY_TOKEN": WHATSAPP_VERIFY_TOKEN is missing in your bot',
    );
    const envPath = join(dir, '.env');
    if (python) expect(JSON.parse(await pythonReads(envPath))).toHaveProperty(['\ufeffWHATSAPP_VERIFY_TOKEN']);
    await applyPosixFix(finding.fix);
    const fixed = await readFile(envPath);
    expect(parseEnv(fixed.toString('utf8')).WHATSAPP_VERIFY_TOKEN).toBe(VERIFY_TOKEN);
    if (python) expect(JSON.parse(await pythonReads(envPath)).WHATSAPP_VERIFY_TOKEN).toBe(VERIFY_TOKEN);
  });

  // https://github.com/direnv/direnv/issues/542 — a CRLF file sourced by bash: "echo -n $FOO | hexdump -c" shows
  // "f o o \r"; the same for `set -a; . ./.env` in https://github.com/Osmantic/ODS/pull/1678.
  it('CRLF with an npm script that sources .env: every value ends in \\r; converting to LF fixes it', async () => {
    const bytes = Buffer.from(goodEnv().replace(/\n/g, '\r\n'));
    const pkg = JSON.stringify({ scripts: { start: 'set -a; . ./.env; set +a; node bot.js' } });
    const { dir, finding } = await doctorOn(bytes, { 'package.json': pkg });
    expect(finding.status).toBe('warn');
    expect(finding.finding).toContain('package.json (scripts.start): set -a; . ./.env; set +a; node bot.js');
    expect(finding.finding).toContain('every value ends in "\\r"');
    const sourced = () =>
      execa('sh', ['-c', 'set -a; . ./.env; set +a; printf %s "$WHATSAPP_VERIFY_TOKEN"'], { cwd: dir });
    expect((await sourced()).stdout).toBe(`${VERIFY_TOKEN}\r`);
    await applyPosixFix(finding.fix);
    expect((await sourced()).stdout).toBe(VERIFY_TOKEN);
  });

  it('CRLF alone (no shell sourcing) is fine for dotenv and python-dotenv: no warning', async () => {
    const { finding } = await doctorOn(Buffer.from(goodEnv().replace(/\n/g, '\r\n')), {
      'package.json': JSON.stringify({ scripts: { start: 'node -r dotenv/config bot.js' } }),
    });
    expect(finding).toMatchObject({ status: 'ok' });
    expect(finding.finding).toContain('CRLF line ends');
  });
});
