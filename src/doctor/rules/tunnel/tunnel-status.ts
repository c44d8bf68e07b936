import type { TunnelFacts } from '../../types.js';
import { recordOr, recordsIn } from '../../../json-narrow.js';

/**
 * Parsers for the tunnels' own local status, so doctor knows where a hand-started tunnel forwards.
 * ngrok's agent API (GET http://127.0.0.1:4040/api/tunnels, https://ngrok.com/docs/agent/api/):
 *   {"tunnels":[{"name","uri","public_url","proto","config":{"addr","inspect"},"metrics"}],"uri":"/api/tunnels"}
 * where config.addr is "localhost:80" (v2), "http://localhost:3000" (v3) or a bare port.
 * cloudflared's metrics server (metrics/metrics.go): /quicktunnel answers {"hostname":"…"}, /config the
 * orchestrator's {"version","config":{"ingress":[{"hostname","service",…}]}}.
 */
export function parseNgrokTunnels(json: unknown, source: string): TunnelFacts[] {
  const out: TunnelFacts[] = [];
  for (const t of recordsIn(recordOr(json).tunnels)) {
    const addr = recordOr(t.config).addr;
    if (typeof t.public_url !== 'string' || typeof addr !== 'string') continue;
    if (t.proto !== undefined && t.proto !== 'https' && t.proto !== 'http') continue;
    out.push({ tool: 'ngrok', publicUrl: t.public_url, origin: addr, source });
  }
  return out;
}

export function parseCloudflaredStatus(quick: unknown, config: unknown, source: string): TunnelFacts[] {
  const hostname = recordOr(quick).hostname;
  const out: TunnelFacts[] = [];
  for (const rule of recordsIn(recordOr(recordOr(config).config).ingress)) {
    if (typeof rule.service !== 'string' || !/^https?:\/\//.test(rule.service)) continue;
    const host = typeof rule.hostname === 'string' && rule.hostname ? rule.hostname : hostname;
    out.push({
      tool: 'cloudflared',
      publicUrl: typeof host === 'string' && host ? `https://${host}` : undefined,
      origin: rule.service,
      source,
    });
  }
  return out;
}

/** Host and port a tunnel forwards to: "localhost:80", "http://localhost:3000", "8000" (ngrok: port only). */
export function originAddress(origin: string): { host: string; port: number } | undefined {
  if (/^\d+$/.test(origin)) return { host: 'localhost', port: Number(origin) };
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(origin) ? origin : `http://${origin}`);
    const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
    return { host: u.hostname.replace(/^\[|\]$/g, ''), port };
  } catch {
    return undefined;
  }
}

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || h === '0.0.0.0' || /^127\./.test(h);
}
