import { httpGetText } from '../tunnels/http-get-io.js';
import { tcpConnect } from './probes-io.js';
import {
  isLoopbackHost,
  originAddress,
  parseCloudflaredStatus,
  parseNgrokTunnels,
} from './rules/tunnel/tunnel-status.js';
import type { TunnelFacts } from './types.js';

/** ngrok's agent API; another address when the user set web_addr in ngrok's config. */
export const DEFAULT_NGROK_API = 'http://127.0.0.1:4040';
/** The ports cloudflared's metrics server tries first (metrics.GetMetricsKnownAddresses). */
export const DEFAULT_CLOUDFLARED_METRICS = [20241, 20242, 20243, 20244, 20245].map((p) => `127.0.0.1:${p}`);

const TIMEOUT_MS = 1500;

async function getJson(url: string, signal?: AbortSignal): Promise<unknown> {
  const res = await httpGetText(url, { timeoutMs: TIMEOUT_MS, signal });
  if (!res.ok || res.status !== 200) return undefined;
  try {
    return JSON.parse(res.body);
  } catch {
    return undefined;
  }
}

/**
 * Tunnels running on this machine, from their own status endpoints (WA_HOOK_NGROK_API and
 * WA_HOOK_CLOUDFLARED_METRICS override where to look), each with whether its origin port answers.
 */
export async function gatherTunnels(env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<TunnelFacts[]> {
  const ngrokApi = (env.WA_HOOK_NGROK_API || DEFAULT_NGROK_API).replace(/\/+$/, '');
  const metrics = env.WA_HOOK_CLOUDFLARED_METRICS
    ? env.WA_HOOK_CLOUDFLARED_METRICS.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : DEFAULT_CLOUDFLARED_METRICS;
  const ngrok = getJson(`${ngrokApi}/api/tunnels`, signal).then((json) =>
    parseNgrokTunnels(json, `${ngrokApi}/api/tunnels`),
  );
  const cloudflared = metrics.map(async (addr) => {
    const base = `http://${addr.replace(/^https?:\/\//, '')}`;
    const config = await getJson(`${base}/config`, signal);
    if (config === undefined) return [];
    return parseCloudflaredStatus(await getJson(`${base}/quicktunnel`, signal), config, `${base}/config`);
  });
  const found = (await Promise.all([ngrok, ...cloudflared])).flat();
  return Promise.all(
    found.map(async (t) => {
      const a = originAddress(t.origin);
      if (!a || !isLoopbackHost(a.host)) return t;
      const host = a.host === 'localhost' || a.host === '0.0.0.0' ? '127.0.0.1' : a.host;
      const listening =
        (await tcpConnect(host, a.port, TIMEOUT_MS)).ok ||
        (host === '127.0.0.1' && (await tcpConnect('::1', a.port, TIMEOUT_MS)).ok);
      return { ...t, originListening: listening };
    }),
  );
}
