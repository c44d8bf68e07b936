import type { TextEncodingName } from '../../../config/env-encoding.js';
import type { DoctorFacts, Rule } from '../../types.js';
import { ok, skip, warn } from '../helpers.js';

/**
 * What the bot's own .env loader makes of a file wa-hook reads fine. Checked against the loaders' sources:
 * dotenv (npm, lib/main.js) reads the file as UTF-8 and matches `KEY=value` per line, after turning CR LF into
 * LF; `\s` in its pattern also skips a BOM. python-dotenv (src/dotenv/main.py, parser.py) opens the file with
 * encoding="utf-8" and, up to 1.2.2, keeps a BOM in the first name (theskumar/python-dotenv#637; the fix #640 is
 * not released). Node's own --env-file / process.loadEnvFile() keeps the BOM in the first name as well.
 */
function readsOf(encoding: TextEncodingName, firstKey: string | undefined): string | undefined {
  const first = firstKey ?? 'the first variable';
  if (encoding.startsWith('utf16')) {
    const python = encoding.endsWith('-bom')
      ? `python-dotenv stops with UnicodeDecodeError ('utf-8' codec can't decode byte 0x${encoding === 'utf16le-bom' ? 'ff' : 'fe'} in position 0)`
      : 'python-dotenv reads names with NUL bytes in them (none of yours)';
    return `dotenv (Node) finds no variable at all (every process.env.WHATSAPP_* is undefined), Node's --env-file reads garbled names, ${python}`;
  }
  if (encoding === 'utf8-bom')
    return (
      `dotenv (Node) skips the BOM, but python-dotenv (1.2.2 and earlier) and Node's --env-file / process.loadEnvFile() read the first name as ` +
      `"\\uFEFF${first}": ${first} is missing in your bot`
    );
  if (encoding === 'latin1')
    return 'dotenv (Node) turns its accented characters into �, python-dotenv stops with UnicodeDecodeError';
  return undefined;
}

const psQuote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Commands that rewrite the file as UTF-8 without BOM (and LF line ends when `lf`), per shell. */
export function convertCommands(path: string, encoding: TextEncodingName, lf: boolean): string {
  // Windows PowerShell 5.1 reads BOM-less UTF-8 as ANSI and BOM-less UTF-16 as bytes unless told.
  const psEncoding =
    encoding === 'utf16le'
      ? ' -Encoding Unicode'
      : encoding === 'utf16be'
        ? ' -Encoding BigEndianUnicode'
        : encoding === 'utf8'
          ? ' -Encoding UTF8'
          : '';
  const read = `(Get-Content -Raw${psEncoding} -LiteralPath ${psQuote(path)})`;
  // .NET's WriteAllText(path, text) writes UTF-8 without a BOM in PowerShell 5.1 and 7 alike.
  const ps = `[IO.File]::WriteAllText(${psQuote(path)}, ${lf ? `(${read} -replace '\\r', '')` : read})`;
  const stripCr = lf ? ` | tr -d '\\r'` : '';
  const src = shQuote(path);
  const tmp = shQuote(`${path}.tmp`);
  const posix = encoding.startsWith('utf16')
    ? `iconv -f ${encoding === 'utf16le' ? 'UTF-16LE' : encoding === 'utf16be' ? 'UTF-16BE' : 'UTF-16'} -t UTF-8 ${src}${stripCr} > ${tmp} && mv ${tmp} ${src}`
    : encoding === 'utf8-bom'
      ? `tail -c +4 ${src}${stripCr} > ${tmp} && mv ${tmp} ${src}`
      : `tr -d '\\r' < ${src} > ${tmp} && mv ${tmp} ${src}`;
  return `PowerShell: ${ps} · cmd: powershell -NoProfile -Command "${ps}" · macOS/Linux: ${posix}`;
}

function check(facts: DoctorFacts) {
  const env = facts.config.envFile;
  if (!env.found || !env.encodingName) return skip('no .env file');
  const reads = readsOf(env.encodingName, env.firstKey);
  const sourcers = env.crlf ? (env.shellSourcers ?? []) : [];
  const label = env.encoding ?? env.encodingName;
  if (env.encodingName === 'latin1')
    return warn(
      `${env.path} is ${label}: wa-hook reads it, but ${reads}`,
      'save it as UTF-8 (VS Code: Reopen with Encoding → Western (Windows 1252), then Save with Encoding → UTF-8)',
    );
  if (reads) {
    const psNote = env.encodingName === 'utf16le-bom' ? " (what Windows PowerShell 5.1's `>` and Out-File write)" : '';
    return warn(
      `${env.path} is ${label}${psNote}: wa-hook reads it, but ${reads}`,
      `rewrite it as UTF-8 without BOM — ${convertCommands(env.path, env.encodingName, sourcers.length > 0)}; from then on edit it in an editor (or ` +
        `PowerShell 7's Set-Content), not with PowerShell 5.1's \`>\``,
    );
  }
  if (sourcers.length > 0) {
    const where = sourcers.map((s) => `${s.file}: ${s.line}`).join('; ');
    return warn(
      `${env.path} has CRLF line ends and the project loads it through the shell (${where}): the shell keeps the CR, so every value ends in "\\r" and ` +
        `tokens and secrets never match (dotenv and python-dotenv strip it)`,
      `convert it to LF line ends — ${convertCommands(env.path, env.encodingName, true)}`,
    );
  }
  return ok(
    `${label}${env.crlf ? ', CRLF line ends' : ''}: dotenv (Node), python-dotenv and node --env-file read it as wa-hook does`,
  );
}

export const ENV_BOT_LOADERS_RULE: Rule = {
  id: 'config.env-bot-loaders',
  group: 'config',
  title: ".env readable by the bot's loader",
  detects:
    ".env that wa-hook reads but the bot's loader does not: UTF-16 from PowerShell 5.1's `>` (dotenv finds nothing), a UTF-8 BOM (python-dotenv and " +
    'node --env-file lose the first variable), CRLF with a shell that sources it (values end in \\r)',
  check,
};
