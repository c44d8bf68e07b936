/** Pure parsing of a localtunnel server's setup reply (https://github.com/localtunnel/server). */
import type { TunnelFailure } from '../failure.js';
import { isRecord, type JsonObject } from '../../json-narrow.js';

function shorten(text: string, max = 160): string {
  const t = text.trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** What a localtunnel server hands out for one client (the answer to `GET /?new`). */
export interface LocaltunnelInfo {
  id: string;
  port: number;
  maxConnCount: number;
  url: string;
  ip?: string;
  cachedUrl?: string;
}

export type LocaltunnelReply = { ok: true; info: LocaltunnelInfo } | { ok: false; failure: TunnelFailure };

const STATUS_HINT =
  'the localtunnel server may be down (https://status.loca.lt); wa-hook keeps retrying, or install cloudflared';

/** Judges the answer to `GET <host>/?new` or `GET <host>/<subdomain>`. */
export function parseLocaltunnelReply(status: number, body: string): LocaltunnelReply {
  let json: JsonObject | undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (isRecord(parsed)) json = parsed;
  } catch {
    json = undefined;
  }
  if (status === 403 && typeof json?.message === 'string' && /subdomain/i.test(json.message)) {
    return {
      ok: false,
      failure: {
        id: 'invalid-subdomain',
        message: `localtunnel refused the subdomain: ${json.message}`,
        hint: 'use 4–63 lowercase letters, digits or inner hyphens, e.g. `--subdomain my-bot-hook`',
      },
    };
  }
  if (status !== 200) {
    const detail = typeof json?.message === 'string' ? `: ${shorten(json.message)}` : '';
    return {
      ok: false,
      failure: {
        id: 'localtunnel-status',
        message: `the localtunnel server answered ${status}${detail}`,
        hint: STATUS_HINT,
      },
    };
  }
  const { id, port, url } = json ?? {};
  if (typeof id !== 'string' || typeof port !== 'number' || typeof url !== 'string') {
    return {
      ok: false,
      failure: {
        id: 'localtunnel-bad-reply',
        message: `the localtunnel server sent an unexpected reply: ${shorten(body, 80)}`,
        hint: STATUS_HINT,
      },
    };
  }
  const max = json?.max_conn_count;
  return {
    ok: true,
    info: {
      id,
      port,
      url,
      maxConnCount: typeof max === 'number' && max > 0 ? Math.min(max, 50) : 1,
      ip: typeof json?.ip === 'string' && json.ip ? json.ip : undefined,
      cachedUrl: typeof json?.cached_url === 'string' ? json.cached_url : undefined,
    },
  };
}

/** Same rule as localtunnel/server, checked before asking so the user gets the hint at once. */
export function isValidSubdomain(name: string): boolean {
  return /^(?:[a-z0-9][a-z0-9-]{4,63}[a-z0-9]|[a-z0-9]{4,63})$/.test(name);
}

/** The setup request itself failed (no HTTP answer). */
export function localtunnelUnreachableFailure(host: string, reason: string): TunnelFailure {
  return {
    id: 'localtunnel-unreachable',
    message: `cannot reach the localtunnel server ${host} (${shorten(reason, 100)})`,
    hint: `check your internet connection and proxy (status: https://status.loca.lt); set WA_HOOK_LOCALTUNNEL_HOST for another server, or install cloudflared`,
  };
}
