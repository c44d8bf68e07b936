/** What an `up` session is told to do: typed, checked before it starts (commands/up/config.ts builds it from flags). */
import type { LoadedConfig } from '../config/resolve.js';
import type { LogSettings } from '../events/log/options.js';
import type { TunnelProvider } from '../tunnels/types.js';

export type PublicSidePlan =
  | { kind: 'none' }
  | { kind: 'public-url'; url: string }
  | {
      kind: 'tunnel';
      provider: TunnelProvider;
      tunnelName?: string;
      hostname?: string;
      subdomain?: string;
      readyTimeoutMs?: number;
      noCloudflared?: boolean;
    };

export interface UpSessionConfig {
  /** The project folder; `.wa-hook/` in it holds the event log and the generated verify token. */
  cwd: string;
  /** Tunnel programs, proxies (HTTPS_PROXY) and the log settings (WA_HOOK_LOG_*) read it. */
  env: NodeJS.ProcessEnv;
  /** Rotation and fsync of the event log (WA_HOOK_LOG_*), checked before anything starts. */
  log: LogSettings;
  /** The resolved configuration: secrets and where each value came from. */
  loaded: LoadedConfig;
  /** Where the receiver listens on 127.0.0.1 (0: a free port) and its callback path. */
  port: number;
  path: string;
  /** --forward-to: the backend that answers; --forward-subpaths widens what is relayed. */
  forward?: { target: URL; subpaths: boolean };
  publicSide: PublicSidePlan;
  /** The web inspector's port (0: a free one); undefined: no inspector. */
  inspectPort?: number;
  echo: boolean;
  /** --slow-ms: an acknowledgement slower than this is flagged (events/ack-time.ts; default SLOW_ACK_MS). */
  slowAckMs?: number;
  /** --register: point Meta at each new callback URL that passed the self-test. */
  register: boolean;
  /** The inspector page shows the verify token in full (--show-token); otherwise masked. */
  showToken: boolean;
  /** --clipboard → true, --no-clipboard → false, neither → decide from `interactive`. */
  clipboard?: boolean;
  interactive: boolean;
}

/** The callback URL Meta gets: public origin (+ prefix) + receiver path. */
export function callbackUrlFor(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}
