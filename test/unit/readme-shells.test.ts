/**
 * Every command in the README and in docs/ must work pasted into Windows PowerShell 5.1, PowerShell 7, cmd.exe and a POSIX
 * shell. These are the constructs that parse differently in at least one of them (checked against each shell's
 * parsing rules), so the documentation may not use them in a command.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { docCommands } from '../helpers/doc-commands.js';

const ROOT = new URL('../../', import.meta.url);
const README = readFileSync(fileURLToPath(new URL('README.md', ROOT)), 'utf8');
const DOCS = readdirSync(fileURLToPath(new URL('docs/', ROOT)))
  .filter((name) => name.endsWith('.md'))
  .map((name) => readFileSync(fileURLToPath(new URL(`docs/${name}`, ROOT)), 'utf8'));

const commands = docCommands;

const outsideDoubleQuotes = (line: string) => line.replace(/"[^"]*"/g, '""');

/** Why a command line fails in some shell, or undefined. */
function shellProblem(line: string): string | undefined {
  const bare = outsideDoubleQuotes(line);
  if (/&&|\|\|/.test(bare)) return '&& / || is a parse error in Windows PowerShell 5.1';
  if (/(^|\s)#/.test(bare)) return '# is not a comment in cmd.exe: it becomes arguments';
  if (/\$/.test(line)) return '$VAR means three different things in PowerShell, cmd.exe and sh';
  if (/'/.test(bare)) return "cmd.exe does not treat '…' as quotes";
  if (/[\\`]$/.test(line)) return 'line continuations differ (\\ in sh, ` in PowerShell, ^ in cmd.exe)';
  if (/(^|\s)[^\s"]*,[^\s"]*/.test(bare)) return 'PowerShell splits a bare a,b into two arguments: quote it';
  if (/^npm (start|run \S+) -- /.test(line)) return 'Windows PowerShell drops the -- before npm sees it';
  return undefined;
}

describe('README and docs/ commands work in every shell', () => {
  it('the checker itself catches what breaks', () => {
    expect(shellProblem('npm install && npm start')).toMatch(/PowerShell 5.1/);
    expect(shellProblem('wa-hook up --tunnel none   # local only')).toMatch(/cmd.exe/);
    expect(shellProblem('wa-hook init --yes --app-secret "$SECRET"')).toMatch(/\$VAR/);
    expect(shellProblem('wa-hook events --type status,error')).toMatch(/quote it/);
    expect(shellProblem('npm start -- --tunnel none')).toMatch(/drops the --/);
    expect(shellProblem('wa-hook events --type "status,error" --since 2h')).toBeUndefined();
    expect(shellProblem('wa-hook send-sample text --text "Hello, world" --name "Ана"')).toBeUndefined();
  });

  it('has commands to check, and none uses a shell-specific construct', () => {
    const lines = [README, ...DOCS].flatMap(commands);
    expect(commands(README).length).toBeGreaterThan(8);
    expect(lines.length).toBeGreaterThan(30);
    const problems = lines.flatMap((line) => {
      const problem = shellProblem(line);
      // The README names the broken `npm start -- …` form only to warn against it.
      if (problem && /^npm start -- /.test(line) && /drops the --/.test(problem)) return [];
      return problem ? [`${line}  ← ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it('the quick start installs and runs without npm-only option passing', () => {
    const quick = README.slice(
      README.indexOf('## Quick start'),
      README.indexOf('\n## ', README.indexOf('## Quick start') + 5),
    );
    expect(quick).toContain('```sh\nnpm run quickstart\nnpm test\n```');
    expect(quick).not.toMatch(/```sh[^`]*&&/);
  });
});
