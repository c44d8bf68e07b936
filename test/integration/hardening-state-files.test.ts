/**
 * Issue 14 items 1 and 9: files planted in `.wa-hook/` (symlinks to a victim file) are never followed,
 * and a second `up` in the same folder is refused instead of clobbering the first one's state.
 */
import { describe, expect, it } from 'vitest';
import { mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { useUpProject } from '../helpers/up-project.js';
import { waitFor } from '../helpers/wait-for.js';

const VICTIM_TEXT = 'ssh-ed25519 AAAA-the-users-real-key\n';

describe('symlinks in .wa-hook/', () => {
  const project = useUpProject();

  async function plantLink(name: string): Promise<string> {
    const victim = join(project.dir, 'victim.txt');
    await writeFile(victim, VICTIM_TEXT);
    await mkdir(join(project.dir, '.wa-hook'), { recursive: true });
    await symlink(victim, join(project.dir, '.wa-hook', name));
    return victim;
  }

  for (const name of ['verify-token', 'state.json', 'events.jsonl', 'up.lock']) {
    it(`refuses a ${name} symlink with one clear line and leaves its target untouched`, async () => {
      const victim = await plantLink(name);
      const run = await runCli(['up', '--tunnel', 'none', '--port', '0', '--no-inspect'], { cwd: project.dir });
      expect(run.exitCode).toBe(1);
      const errors = run.stderr.split('\n').filter((l) => l.startsWith('✖'));
      expect(errors).toEqual([
        `✖ refusing to use ${join(project.dir, '.wa-hook', name)}: it is a symbolic link (wa-hook never follows links in .wa-hook/)`,
      ]);
      expect(await readFile(victim, 'utf8')).toBe(VICTIM_TEXT);
    });
  }

  it('refuses a .wa-hook that is itself a symlink to another folder, writing nothing there', async () => {
    const elsewhere = join(project.dir, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, join(project.dir, '.wa-hook'));
    const run = await runCli(['up', '--tunnel', 'none', '--port', '0', '--no-inspect'], { cwd: project.dir });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`✖ refusing to use ${join(project.dir, '.wa-hook')}: it is a symbolic link`);
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it('writes state.json and verify-token as 0600 regular files, leaving no temp files', async () => {
    const up = await project.start(['--no-inspect']);
    const files = await waitFor(
      async () => {
        const names = (await readdir(join(project.dir, '.wa-hook'))).sort();
        return names.includes('state.json') ? names : undefined;
      },
      { what: 'state.json' },
    );
    expect(files).toEqual([
      '.gitignore',
      'events.jsonl',
      'probe-key',
      'state.json',
      'up.lock',
      'verify-token',
      'verify-token-in-use.json',
    ]);
    const mode = (await stat(join(project.dir, '.wa-hook', 'verify-token-in-use.json'))).mode & 0o777;
    if (process.platform !== 'win32') expect(mode).toBe(0o600);
    await up.stop();
  });
});

describe('two `up` in one folder', () => {
  const project = useUpProject();

  it('refuses the second with the pid and URL of the running one, whose state stays intact', async () => {
    const first = await project.start(['--no-inspect']);
    const statePath = join(project.dir, '.wa-hook', 'state.json');
    const state = await waitFor(async () => readFile(statePath, 'utf8').catch(() => undefined), { what: 'state' });
    const pid = Number(first.events().find((e) => e.type === 'ready')!.pid);

    const second = await runCli(['up', '--tunnel', 'none', '--port', '0', '--no-inspect'], { cwd: project.dir });
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toContain(`✖ another \`wa-hook up\` is running in this folder (pid ${pid}, ${first.url})`);
    expect(await readFile(statePath, 'utf8')).toBe(state);

    // The first one still owns the folder: `verify` finds it through state.json.
    const verify = await runCli(['verify', '--json'], { cwd: project.dir });
    expect(verify.exitCode).toBe(0);
    expect(await first.stop()).toBe(0);
  });

  it('takes over the lock of an `up` killed with SIGKILL', async () => {
    const first = await project.start(['--no-inspect']);
    expect(await first.stop('SIGKILL')).toBeUndefined();
    const second = await project.start(['--no-inspect']);
    expect(second.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook$/);
    expect(await second.stop()).toBe(0);
    // A clean stop leaves no lock behind.
    expect((await readdir(join(project.dir, '.wa-hook'))).includes('up.lock')).toBe(false);
  });
});
