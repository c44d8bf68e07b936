import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { shellSourcingLines } from './rules/env/shell-sourcing.js';
import type { ShellSourcer } from './types.js';
import { recordOr } from '../json-narrow.js';

const MAX_FILES = 20;
const MAX_BYTES = 64 * 1024;

/** Top-level project files that start the bot: npm scripts, Makefile, Procfile, shell scripts. */
function isScript(name: string): boolean {
  return name === 'Makefile' || name === 'Procfile' || /\.(sh|bash|zsh)$/.test(name) || name === '.envrc';
}

/** Where the project loads the env file through the shell (bounded: top-level files only, 64 KiB each). */
export async function findShellSourcers(cwd: string, envPath: string): Promise<ShellSourcer[]> {
  const envName = basename(envPath);
  const out: ShellSourcer[] = [];
  const read = (name: string) =>
    readFile(join(cwd, name), 'utf8').then(
      (t) => t.slice(0, MAX_BYTES),
      () => undefined,
    );
  const pkg = await read('package.json');
  if (pkg) {
    try {
      const scripts = recordOr(recordOr(JSON.parse(pkg)).scripts);
      for (const [name, cmd] of Object.entries(scripts))
        if (typeof cmd === 'string') out.push(...shellSourcingLines(`package.json (scripts.${name})`, cmd, envName));
    } catch {
      // Not JSON: npm would refuse it too; nothing to learn here.
    }
  }
  const names = await readdir(cwd).catch((): string[] => []);
  for (const name of names.filter(isScript).slice(0, MAX_FILES)) {
    const text = await read(name);
    if (text) out.push(...shellSourcingLines(name, text, envName));
  }
  return out;
}
