import type { ShellSourcer } from '../../types.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Lines that load the env file through a shell (`source .env`, `. ./.env`, `export $(cat .env | xargs)`): the
 * shell splits lines on LF only, so with CRLF line ends every value keeps a trailing CR.
 */
export function shellSourcingLines(file: string, text: string, envName: string): ShellSourcer[] {
  const name = `(?:\\./)?${escape(envName)}`;
  const end = `(?=$|[\\s;&|)'"\\\\])`;
  const dot = new RegExp(`(?:^|[\\s;&|("'])(?:source|\\.)\\s+["']?${name}["']?${end}`);
  const subst = new RegExp(`\\$\\((?:cat|grep|sed|egrep)\\b[^)]*[\\s'"]${name}${end}`);
  const out: ShellSourcer[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#')) continue;
    if (dot.test(line) || subst.test(line))
      out.push({ file, line: line.length > 120 ? `${line.slice(0, 117)}...` : line });
  }
  return out;
}
