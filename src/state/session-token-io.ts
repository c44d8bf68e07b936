import { join } from 'node:path';
import { generateVerifyToken } from '../config/secret-shapes.js';
import { stateDir } from './state-file-io.js';
import { readSafeFile, writeSafeFile } from './safe-files-io.js';
import { recordOfToken, type TokenInUse } from './up-token.js';
import { recordOr } from '../json-narrow.js';

const KEPT_SHAPE = /^[A-Za-z0-9_-]{24,}$/;

/**
 * The verify token `up` uses when none is configured. It is generated once and kept in
 * `.wa-hook/verify-token` (0600, git-ignored folder), so the token pasted into Meta's dashboard stays
 * valid across restarts; a new one on every start would break "Verify and save" after each restart.
 * A symlink or foreign file there is refused (UnsafeStateError), never read or written through.
 */
export async function loadSessionToken(cwd: string): Promise<{ token: string; created: boolean }> {
  const file = join(stateDir(cwd), 'verify-token');
  const token = (await readSafeFile(file))?.trim();
  if (token !== undefined && KEPT_SHAPE.test(token)) return { token, created: false };
  const fresh = generateVerifyToken();
  await writeSafeFile(file, `${fresh}\n`);
  return { token: fresh, created: true };
}

/**
 * The token `up` keeps, without creating one: `init` writes this same token to .env, so the token already
 * pasted into Meta's dashboard stays the one in use. Undefined when there is none (or the folder is unsafe).
 */
export async function readKeptToken(cwd: string): Promise<string | undefined> {
  const token = (await readSafeFile(join(stateDir(cwd), 'verify-token')).catch(() => undefined))?.trim();
  return token !== undefined && KEPT_SHAPE.test(token) ? token : undefined;
}

/** Where `up` notes which token it answered with last time: masked and fingerprinted, never the token itself. */
export const TOKEN_IN_USE_FILE = 'verify-token-in-use.json';

/** Records the token this `up` answers with and returns the record of the previous start (if any). */
export async function noteTokenInUse(cwd: string, token: string): Promise<TokenInUse | undefined> {
  const file = join(stateDir(cwd), TOKEN_IN_USE_FILE);
  let previous: TokenInUse | undefined;
  try {
    const parsed = recordOr(JSON.parse((await readSafeFile(file)) ?? 'null'));
    if (typeof parsed.masked === 'string' && typeof parsed.fingerprint === 'string')
      previous = { masked: parsed.masked, fingerprint: parsed.fingerprint };
  } catch {
    previous = undefined;
  }
  const now = recordOfToken(token);
  if (previous?.fingerprint !== now.fingerprint) await writeSafeFile(file, `${JSON.stringify(now)}\n`);
  return previous;
}
