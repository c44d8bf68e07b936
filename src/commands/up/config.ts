/**
 * `up`'s flags → the session's typed configuration, every check done once, before anything starts: a wrong
 * flag is exit 2 with one line and the fix, and nothing was listened on, spawned or written.
 */
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import type { LoadedConfig } from '../../config/resolve.js';
import { logSettings } from '../../events/log/options.js';
import { DEFAULT_INSPECT_PORT } from '../../inspector/setup-io.js';
import type { UpSessionConfig } from '../../session/config.js';
import { defaultProvider } from '../../tunnels/registry-io.js';
import { commonOptions, type CommonOptions } from '../common.js';
import { oneOf, readOptions, urlOption, type RawOptions } from '../options.js';
import { SLOW_ACK_MS } from '../../events/ack-time.js';
import { checkUpFlags } from './flags.js';
import { planPublicSide, unregistrablePublicUrl } from './plan.js';

/** `up`'s options, parsed from the command line by `upOptions`. */
export interface UpOptions extends CommonOptions {
  tunnel?: 'cloudflared' | 'localtunnel' | 'none';
  forwardTo?: string;
  /** Forward every method on every path under the callback path, not just GET/POST to it. */
  forwardSubpaths?: boolean;
  publicUrl?: string;
  showToken?: boolean;
  clipboard?: boolean;
  tunnelName?: string;
  hostname?: string;
  subdomain?: string;
  register?: boolean;
  /** --no-inspect → false. */
  inspect?: boolean;
  inspectPort?: number;
  echo?: boolean;
  /** Local WhatsApp: Meta's Graph API send side on 127.0.0.1, no tunnel. */
  local?: boolean;
  graphPort?: number;
  /** Forward mode: a backend answer slower than this is flagged (live view, inspector). */
  slowMs: number;
}

const UP_SPEC = {
  text: ['forwardTo', 'publicUrl', 'tunnelName', 'hostname', 'subdomain'],
  flag: ['forwardSubpaths', 'showToken', 'clipboard', 'register', 'inspect', 'echo', 'local'],
  port: ['inspectPort', 'graphPort'],
  count: ['slowMs'],
} as const;

export function upOptions(raw: RawOptions): UpOptions {
  const { slowMs, ...own } = readOptions(raw, UP_SPEC);
  const tunnel = oneOf(raw, 'tunnel', ['cloudflared', 'localtunnel', 'none']);
  return { ...commonOptions(raw), ...own, tunnel, slowMs: slowMs ?? SLOW_ACK_MS };
}

function parseForwardTarget(raw: string): URL {
  const url = urlOption(
    raw,
    '--forward-to',
    'give the full URL of your webhook route, e.g. http://127.0.0.1:8000/api/v1/webhooks/whatsapp',
  );
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--forward-to must be http:// or https://, got ${url.protocol}`);
  return url;
}

export async function upSessionConfig(opts: UpOptions, loaded: LoadedConfig, ctx: Ctx): Promise<UpSessionConfig> {
  const inspectPort = opts.inspect === false ? undefined : (opts.inspectPort ?? DEFAULT_INSPECT_PORT);
  checkUpFlags(opts, loaded);
  const publicSide = await planPublicSide(opts, ctx, () => defaultProvider(ctx.env));
  if (opts.register && publicSide.kind === 'public-url') {
    const why = unregistrablePublicUrl(publicSide.url);
    if (why) {
      throw new UsageError(`--register would send ${publicSide.url} to Meta, but ${why}`, {
        hint: 'register a public https URL (drop --public-url for a tunnel, or give your own domain), or drop --register',
      });
    }
  }
  const log = logSettings(ctx.env);
  let port = loaded.port;
  let path = loaded.path;
  let forward: UpSessionConfig['forward'];
  if (opts.forwardTo) {
    const target = parseForwardTarget(opts.forwardTo);
    forward = { target, subpaths: Boolean(opts.forwardSubpaths) };
    // The backend usually holds PORT already (often 8000): only an explicit --port pins ours.
    if (loaded.sources.port !== 'flag') port = 0;
    // The public callback mirrors the backend's route unless a path was set on purpose.
    if (loaded.sources.path === 'default' && target.pathname !== '/') path = target.pathname;
  }
  return {
    cwd: ctx.cwd,
    env: ctx.env,
    log,
    loaded,
    port,
    path,
    ...(forward ? { forward } : {}),
    publicSide,
    ...(inspectPort !== undefined ? { inspectPort } : {}),
    echo: Boolean(opts.echo),
    slowAckMs: opts.slowMs,
    register: Boolean(opts.register),
    showToken: Boolean(opts.showToken),
    ...(opts.clipboard !== undefined ? { clipboard: opts.clipboard } : {}),
    interactive: ctx.interactive,
  };
}
