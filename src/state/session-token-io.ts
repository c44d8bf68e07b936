import { readFile, writeFile } from 'node:fs/promises';
import { ensureStateDir } from './state-dir-io.js';
import { join } from 'node:path';
import { generateVerifyToken } from '../config/secret-shapes.js';
import { stateDir } from './state-file-io.js';

/**
 * The verify token `up` uses when none is configured. It is generated once and kept in
 * `.wa-hook/verify-token` (0600, git-ignored folder), so the token pasted into Meta's dashboard stays
 * valid across restarts; a new one on every start would break "Verify and save" after each restart.
 */
export async function loadSessionToken(cwd: string): Promise<{ token: string; created: boolean }> {
  const file = join(stateDir(cwd), 'verify-token');
  try {
    const token = (await readFile(file, 'utf8')).trim();
    if (/^[A-Za-z0-9_-]{24,}$/.test(token)) return { token, created: false };
  } catch {
    // None yet (or unreadable): make one.
  }
  const token = generateVerifyToken();
  await ensureStateDir(cwd);
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return { token, created: true };
}
