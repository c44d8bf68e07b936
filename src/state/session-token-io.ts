import { join } from 'node:path';
import { generateVerifyToken } from '../config/secret-shapes.js';
import { stateDir } from './state-file-io.js';
import { readSafeFile, writeSafeFile } from './safe-files-io.js';

/**
 * The verify token `up` uses when none is configured. It is generated once and kept in
 * `.wa-hook/verify-token` (0600, git-ignored folder), so the token pasted into Meta's dashboard stays
 * valid across restarts; a new one on every start would break "Verify and save" after each restart.
 * A symlink or foreign file there is refused (UnsafeStateError), never read or written through.
 */
export async function loadSessionToken(cwd: string): Promise<{ token: string; created: boolean }> {
  const file = join(stateDir(cwd), 'verify-token');
  const token = (await readSafeFile(file))?.trim();
  if (token !== undefined && /^[A-Za-z0-9_-]{24,}$/.test(token)) return { token, created: false };
  const fresh = generateVerifyToken();
  await writeSafeFile(file, `${fresh}\n`);
  return { token: fresh, created: true };
}
