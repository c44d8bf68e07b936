/** Name → factory registry, and the default provider choice. */
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { createCloudflaredTunnel } from './cloudflared/tunnel-io.js';
import { createLocaltunnelTunnel } from './localtunnel/tunnel-io.js';
import type { CloudflaredOptions, LocaltunnelOptions, Tunnel, TunnelProvider } from './types.js';

export type { Tunnel, TunnelProvider } from './types.js';
export { TunnelStartError } from './types.js';

export type ProviderOptions = CloudflaredOptions & LocaltunnelOptions;

export const TUNNEL_FACTORIES: Record<TunnelProvider, (options: ProviderOptions) => Tunnel> = {
  cloudflared: createCloudflaredTunnel,
  localtunnel: createLocaltunnelTunnel,
};

export function createTunnel(provider: TunnelProvider, options: ProviderOptions): Tunnel {
  return TUNNEL_FACTORIES[provider](options);
}

/** Finds an executable on PATH the way a shell would (PATHEXT on Windows), without running it. */
export async function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv,
  platform: string = process.platform,
): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean) : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      try {
        await access(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK);
        return candidate;
      } catch {
        // next
      }
    }
  }
  return undefined;
}

/** Default provider: cloudflared when it is installed, else localtunnel (needs nothing installed). */
export async function defaultProvider(env: NodeJS.ProcessEnv): Promise<TunnelProvider> {
  return (await findOnPath('cloudflared', env)) ? 'cloudflared' : 'localtunnel';
}
