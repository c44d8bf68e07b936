/** Which public side `up` gets (tunnel provider, --public-url, or none), checked before anything starts. */
import { urlOption } from '../options.js';
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { isValidSubdomain } from '../../tunnels/localtunnel/reply.js';
import type { TunnelProvider } from '../../tunnels/types.js';
import type { PublicSidePlan } from '../../session/config.js';
export { callbackUrlFor, type PublicSidePlan } from '../../session/config.js';

export interface PublicSideFlags {
  tunnel?: 'cloudflared' | 'localtunnel' | 'none';
  tunnelName?: string;
  hostname?: string;
  subdomain?: string;
  publicUrl?: string;
}

/** Origin plus optional path prefix, without a trailing slash; the callback path is appended to it. */
export function normalizePublicUrl(raw: string): string {
  const url = urlOption(
    raw,
    '--public-url',
    'give the public origin that reaches this machine, e.g. https://hook.example.com',
  );
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`--public-url must be https://, got ${url.protocol}`);
  if (url.search || url.hash)
    throw new UsageError('--public-url takes an origin (and optional path prefix), without ?query or #fragment');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Why Meta could never call this --public-url, or undefined. Meta's webhook setup accepts only https URLs on the
 * public internet, so registering anything else fails at Meta's end after a confusing wait.
 */
export function unregistrablePublicUrl(publicUrl: string): string | undefined {
  const url = new URL(publicUrl);
  if (url.protocol !== 'https:') return `it is ${url.protocol}// and Meta calls only https:// callback URLs`;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const local =
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^(127\.|10\.|192\.168\.|169\.254\.|0\.)/.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
    host === '::1' ||
    /^f[cd]/i.test(host);
  return local ? `${host} is not reachable from the internet, and Meta calls your callback from there` : undefined;
}

/** WA_HOOK_TUNNEL_TIMEOUT (seconds): how long a tunnel may take to become ready (slow networks). */
function readyTimeout(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.WA_HOOK_TUNNEL_TIMEOUT;
  if (raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`WA_HOOK_TUNNEL_TIMEOUT must be a number of seconds > 0, got "${raw}"`);
  return Math.round(seconds * 1000);
}

export async function planPublicSide(
  flags: PublicSideFlags,
  ctx: Pick<Ctx, 'env'>,
  findDefault: () => Promise<TunnelProvider>,
): Promise<PublicSidePlan> {
  const { tunnel, tunnelName, hostname, subdomain, publicUrl } = flags;
  if (Boolean(tunnelName) !== Boolean(hostname)) {
    throw new UsageError('--tunnel-name and --hostname go together (a named cloudflared tunnel)', {
      hint: 'e.g. `wa-hook up --tunnel-name bot --hostname hook.example.com` after `cloudflared tunnel login/create/route dns` (see README)',
    });
  }
  if (publicUrl !== undefined) {
    if (tunnel && tunnel !== 'none') throw new UsageError(`--public-url starts no tunnel: drop --tunnel ${tunnel}`);
    if (tunnelName || subdomain)
      throw new UsageError('--public-url starts no tunnel: drop --tunnel-name/--hostname/--subdomain');
    return { kind: 'public-url', url: normalizePublicUrl(publicUrl) };
  }
  if (tunnel === 'none') {
    if (tunnelName || subdomain)
      throw new UsageError('--tunnel none starts no tunnel: drop --tunnel-name/--hostname/--subdomain');
    return { kind: 'none' };
  }
  if (tunnelName && tunnel === 'localtunnel')
    throw new UsageError('--tunnel-name/--hostname are for cloudflared named tunnels, not localtunnel');
  if (subdomain !== undefined && tunnel === 'cloudflared')
    throw new UsageError('--subdomain is for localtunnel; cloudflared uses --tunnel-name/--hostname');
  if (subdomain !== undefined && tunnelName)
    throw new UsageError('--subdomain (localtunnel) and --tunnel-name (cloudflared) exclude each other');
  if (subdomain !== undefined && !isValidSubdomain(subdomain)) {
    throw new UsageError(`invalid --subdomain "${subdomain}"`, {
      hint: 'use 4–63 lowercase letters, digits or inner hyphens, e.g. my-bot-hook',
    });
  }
  const chosen = tunnel ?? (tunnelName ? 'cloudflared' : subdomain !== undefined ? 'localtunnel' : undefined);
  const provider: TunnelProvider = chosen ?? (await findDefault());
  // Said once at start: the user did not ask for localtunnel, it is the fallback for a missing cloudflared.
  const noCloudflared = chosen === undefined && provider === 'localtunnel';
  return {
    kind: 'tunnel',
    provider,
    tunnelName,
    hostname,
    subdomain,
    readyTimeoutMs: readyTimeout(ctx.env),
    ...(noCloudflared ? { noCloudflared } : {}),
  };
}
