import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { useProbeKey } from '../events/probe.js';
import { readSafeFile, writeSafeFile } from './safe-files-io.js';
import { stateDir } from './state-file-io.js';

/**
 * The project's probe key (`.wa-hook/probe-key`, 0600 in the 0700 folder): what marks wa-hook's own requests
 * as ours (events/probe.ts). `up` creates it; verify, send-sample and doctor only read it — without a running
 * `up` nothing records their probes, so they go unmarked.
 */
export async function loadProbeKey(cwd: string, create: boolean): Promise<string | undefined> {
  const file = join(stateDir(cwd), 'probe-key');
  let key: string | undefined;
  try {
    key = (await readSafeFile(file))?.trim();
  } catch (error) {
    // A planted link or foreign file: `up` refuses it (it writes), the others simply send unmarked probes.
    if (create) throw error;
  }
  if ((key === undefined || !/^[0-9a-f]{64}$/.test(key)) && create) {
    key = randomBytes(32).toString('hex');
    await writeSafeFile(file, `${key}\n`);
  }
  const usable = key !== undefined && /^[0-9a-f]{64}$/.test(key) ? key : undefined;
  useProbeKey(usable);
  return usable;
}
