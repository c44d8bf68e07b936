import { afterAll, beforeAll, expect, it } from 'vitest';
import { cp } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { execa } from 'execa';
import { makeTempDir } from '../helpers/temp-dir.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { findPython } from '../helpers/python.js';

// The README's pytest example, run as its README says. Python with fastapi/httpx/pytest is optional for
// contributors (.ci/run installs Debian's python3-fastapi, python3-httpx and python3-pytest).
const python = await findPython('fastapi, httpx, pytest, uvicorn');
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir('wa-hook-pytest-')));
afterAll(() => cleanup());

it.skipIf(!python && !process.env.CI)(
  'examples/fastapi-pytest passes on fixtures made by --out',
  async () => {
    expect(python, 'CI must have python3 with fastapi, httpx and pytest').toBeDefined();
    await cp(join(ROOT, 'examples', 'fastapi-pytest'), dir, { recursive: true });
    const secret = 'test-app-secret-0123456789abcdef';
    const made = await runCli(['send-sample', '--all', '--out', 'fixtures', '--seed', '1', '--app-secret', secret], {
      cwd: dir,
    });
    expect(made.exitCode).toBe(0);
    const run = await execa(python!, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: dir, reject: false });
    expect(run.stdout).toMatch(/\d+ passed/);
    expect(run.exitCode).toBe(0);
  },
  60_000,
);

it.skipIf(!python && !process.env.CI)(
  'examples/fastapi-pytest/conversation.yaml passes under `wa-hook test` (the bot started from its command)',
  async () => {
    expect(python, 'CI must have python3 with fastapi, httpx, pytest and uvicorn').toBeDefined();
    const copy = join(dir, 'conversation');
    await cp(join(ROOT, 'examples', 'fastapi-pytest'), copy, { recursive: true });
    // The script says `python3 app.py`: the python3 found above comes first on PATH.
    const path = `${dirname(python!)}${delimiter}${process.env.PATH ?? ''}`;
    const run = await runCli(['test', 'conversation.yaml', '--reporter', 'junit'], {
      cwd: copy,
      env: { PATH: path },
      timeout: 60_000,
    });
    expect(run.stdout).toContain('<testsuite name="conversation.yaml" tests="2" failures="0"');
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
  },
  90_000,
);
