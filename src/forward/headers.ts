/**
 * Which headers cross the forwarder (https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1): hop-by-hop headers and every header named in
 * `Connection:` belong to one connection and are dropped, both ways. Client-supplied forwarding headers
 * (X-Forwarded-*, X-Real-IP, Forwarded) are dropped too, because anyone on the internet can send them: the
 * backend gets X-Forwarded-For / X-Real-IP / X-Forwarded-Proto / X-Forwarded-Host set from what wa-hook
 * knows. The backend sees its own `Host` (the --forward-to host, as if called directly, so host checks
 * such as Django's ALLOWED_HOSTS pass) and the public one in X-Forwarded-Host.
 */

/** An IPv4 or IPv6 address literal (shape only: enough to never relay free text as an address). */
function looksLikeIp(value: string): boolean {
  return /^(\d{1,3}\.){3}\d{1,3}$/.test(value) || (/^[0-9a-fA-F:.]{2,45}$/.test(value) && value.includes(':'));
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

/** Never relayed from the caller: set by the client library, already answered, or re-set by us. */
const REPLACED = new Set([
  'host',
  'content-length',
  'expect',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-real-ip',
]);

/**
 * The only caller headers the backend gets: what Meta sends with a delivery (its signatures, the body's type
 * and encoding, its User-Agent, Accept). Everything else a stranger can add — X-HTTP-Method-Override,
 * X-Original-URL, X-Rewrite-URL, True-Client-IP, X-Client-IP, X-Forwarded-Prefix, cookies… — would let
 * frameworks that honour them undo the GET/POST scope, so it never reaches the backend.
 */
export const FORWARDED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-encoding',
  'content-type',
  'content-encoding',
  'user-agent',
  'x-hub-signature',
  'x-hub-signature-256',
]);

/** What a Connection header usually says: options of this connection, not header names to strip. */
const CONNECTION_OPTIONS = new Set(['keep-alive', 'close']);

/**
 * Names listed in any Connection header (lowercase): hop-by-hop for this one message. Undefined when there
 * are none beyond `keep-alive` / `close` (nearly always): no set per message, and no second pass.
 */
function connectionNamed(raw: readonly string[]): Set<string> | undefined {
  let named: Set<string> | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    if (name === undefined || value === undefined) break; // never: the loop's bound keeps both
    if (name.length !== 10 || name.toLowerCase() !== 'connection') continue;
    for (const part of value.split(',')) {
      const token = part.trim().toLowerCase();
      if (token !== '' && !CONNECTION_OPTIONS.has(token)) (named ??= new Set()).add(token);
    }
  }
  return named;
}

export interface ClientFacts {
  /** The caller's address as far as wa-hook can vouch for it. */
  ip: string;
  proto: 'http' | 'https';
  /** The Host the request arrived with (the public hostname through a tunnel). */
  host?: string;
}

const header = (raw: readonly string[], name: string): string | undefined => {
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]?.toLowerCase() === name) return raw[i + 1];
  return undefined;
};

/**
 * What the request says about its client that can be trusted. Through cloudflared, Cloudflare's edge sets
 * Cf-Connecting-IP and X-Forwarded-Proto itself (overwriting what the client sent) and appends the client's
 * address last in X-Forwarded-For; any other path (localtunnel, --public-url, a local caller) gives no such
 * guarantee, so only the socket's own address counts.
 */
export function clientFacts(
  raw: readonly string[],
  socketIp: string | undefined,
  trustCloudflared: boolean,
): ClientFacts {
  const host = header(raw, 'host');
  const fallback = { ip: socketIp ?? '127.0.0.1', proto: 'http' as const, ...(host ? { host } : {}) };
  if (!trustCloudflared) return fallback;
  const cf = header(raw, 'cf-connecting-ip')?.trim();
  const appended = header(raw, 'x-forwarded-for')?.split(',').pop()?.trim();
  const ip = [cf, appended].find((v) => v !== undefined && looksLikeIp(v));
  if (ip === undefined) return fallback;
  const proto = header(raw, 'x-forwarded-proto')?.trim().toLowerCase() === 'https' ? 'https' : 'http';
  return { ...fallback, ip, proto };
}

/**
 * The caller's headers for the backend, original order and spelling: only the allowlisted ones
 * (FORWARDED_REQUEST_HEADERS), plus what we vouch for.
 */
export function forwardRequestHeaders(raw: readonly string[], facts: ClientFacts): string[] {
  const named = connectionNamed(raw);
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    if (name === undefined || value === undefined) break;
    const lower = name.toLowerCase();
    if (FORWARDED_REQUEST_HEADERS.has(lower) && !HOP_BY_HOP.has(lower) && !REPLACED.has(lower) && !named?.has(lower))
      out.push(name, value);
  }
  out.push('X-Forwarded-For', facts.ip, 'X-Real-IP', facts.ip, 'X-Forwarded-Proto', facts.proto);
  if (facts.host) out.push('X-Forwarded-Host', facts.host);
  return out;
}

/**
 * Backend answer headers, minus hop-by-hop (and those its Connection names) and the length, names as sent:
 * a flat [name, value, …] list, as writeHead takes it.
 */
export function relayResponseHeaders(raw: readonly Buffer[]): string[] {
  const names = raw.map((b) => b.toString('latin1'));
  const named = connectionNamed(names);
  const out: string[] = [];
  for (let i = 0; i + 1 < names.length; i += 2) {
    const name = names[i];
    const value = names[i + 1];
    if (name === undefined || value === undefined) break;
    const lower = name.toLowerCase();
    if (!HOP_BY_HOP.has(lower) && !named?.has(lower) && lower !== 'content-length') out.push(name, value);
  }
  return out;
}
