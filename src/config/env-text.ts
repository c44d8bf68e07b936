/**
 * Edits .env text the way a careful human would: existing keys are updated in place (every occurrence,
 * so a duplicate further down cannot win), new keys are appended, comments and unrelated lines are kept.
 */

const LINE_KEY = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=/;

/** Quotes a value only when dotenv would otherwise change it (spaces, #, quotes, newlines). */
export function formatEnvValue(value: string): string {
  if (/^[A-Za-z0-9_.,:/@|+=-]*$/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function updateEnvText(
  original: string,
  updates: Readonly<Record<string, string>>,
  comments: Readonly<Record<string, string>> = {},
): string {
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const lines = original === '' ? [] : original.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const seen = new Set<string>();
  const out = lines.map((line) => {
    const key = LINE_KEY.exec(line)?.[1];
    const value = key !== undefined && Object.hasOwn(updates, key) ? updates[key] : undefined;
    if (key === undefined || value === undefined) return line;
    seen.add(key);
    const prefix = /^\s*export\s+/.test(line) ? 'export ' : '';
    return `${prefix}${key}=${formatEnvValue(value)}`;
  });
  for (const [key, value] of Object.entries(updates)) {
    if (seen.has(key)) continue;
    if (comments[key]) out.push(`# ${comments[key]}`);
    out.push(`${key}=${formatEnvValue(value)}`);
  }
  return out.length ? `${out.join(eol)}${eol}` : '';
}

/**
 * True when a .gitignore ignores `name` (a path relative to it, with forward slashes) through the simple
 * patterns people write. A pattern without a slash matches at any depth, so `.env` covers `app/.env`.
 */
export function gitignoreCovers(gitignore: string, name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const candidates = new Set([name, `/${name}`, `${name}*`, `/${name}*`, `**/${name}`, base, `${base}*`, `**/${base}`]);
  if (base.endsWith('.env')) candidates.add('*.env');
  if (base.startsWith('.env')) candidates.add('.env*');
  let covered = false;
  for (const raw of gitignore.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('!') && candidates.has(line.slice(1))) covered = false;
    else if (candidates.has(line)) covered = true;
  }
  return covered;
}
