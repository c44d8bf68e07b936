import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { UsageError } from '../errors.js';

export interface DotenvFile {
  path: string;
  found: boolean;
  values: Record<string, string>;
}

/**
 * Reads a .env file without touching process.env (config precedence is resolved in core/config.ts).
 * A missing default file is normal; a missing file the user named explicitly is a usage error.
 */
export async function readDotenv(cwd: string, file: string, explicit: boolean): Promise<DotenvFile> {
  const path = resolve(cwd, file);
  try {
    return { path, found: true, values: parse(await readFile(path)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return { path, found: false, values: {} };
    throw new UsageError(`cannot read env file ${path}: ${code ?? (error as Error).message}`, {
      hint: code === 'ENOENT' ? 'check --env-file, or run `wa-hook init` to create one' : undefined,
      cause: error,
    });
  }
}
