import { connect } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { lookup } from 'node:dns/promises';
import { httpRequest } from '../http/client-io.js';
import { toNetworkError } from '../http/network-error.js';
import type { RunningUpReceiver } from '../verification/running-up.js';
import type { HandshakeFacts, HttpExchange, PathVariantFacts } from './diagnose.js';
import { errorCode, errorMessage, errorReason } from '../errors-narrow.js';

/**
 * doctor's own small probes (HTTP exchange, TCP connect, DNS, TLS). They go straight to the target, no
 * proxy, like Meta's servers would; every one has a timeout and never throws.
 */

/** Meta's verification GET User-Agent (facebookplatform/1.0), so UA filters and tunnel gates show up. */
export const META_VERIFY_UA = 'facebookplatform/1.0 (+http://developers.facebook.com)';
export const DOCTOR_UA = 'wa-hook-doctor/0.1';

export async function httpExchange(options: {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: Buffer;
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<HttpExchange> {
  const timeoutMs = options.timeoutMs ?? 8000;
  const res = await httpRequest(options.url, {
    method: options.method,
    headers: options.headers,
    body: options.body,
    signal: options.signal,
    timeoutMs,
    maxBodyBytes: 4096,
  });
  if (!res.ok) {
    if (res.error.kind === 'timeout')
      return { ms: res.ms, error: `no answer within ${timeoutMs} ms`, errorCode: 'timeout' };
    return { ms: res.ms, error: res.error.code || res.error.message, errorCode: res.error.code || undefined };
  }
  const header = (name: string) => {
    const v = res.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return {
    status: res.status,
    body: res.body,
    contentType: header('content-type'),
    location: header('location'),
    ms: res.ms,
  };
}

/** Meta's verification handshake (and a wrong-token one) through `verify`'s shared probe and judge. */
export async function probeHandshake(
  url: string,
  verifyToken: string,
  options: { userAgent?: string; signal?: AbortSignal; runningUp?: RunningUpReceiver },
): Promise<HandshakeFacts> {
  const { probeVerification } = await import('../verification/probe-io.js');
  const result = await probeVerification({
    url,
    verifyToken,
    signal: options.signal,
    timeoutMs: 8000,
    probe: 'doctor',
    headers: options.userAgent ? { 'user-agent': options.userAgent } : undefined,
    ...(options.runningUp ? { runningUp: options.runningUp } : {}),
  });
  const { ok, cause, message, hint, warnings } = result.verdict;
  return {
    verdict: { ok, cause, message, hint, warnings },
    wrongTokenAccepted: result.wrongToken.accepted,
    wrongTokenRefused: result.wrongToken.refused,
    wrongTokenStatus: result.wrongToken.status,
    status: result.status,
    ms: result.ms,
  };
}

/** Can a TCP connection be opened? `error` is the errno code (ECONNREFUSED…). */
export function tcpConnect(host: string, port: number, timeoutMs = 2000): Promise<{ ok: boolean; error?: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: { ok: boolean; error?: string }) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, error: 'timeout' }));
    socket.once('connect', () => done({ ok: true }));
    socket.once('error', (e: NodeJS.ErrnoException) => done({ ok: false, error: e.code ?? e.message }));
  });
}

export async function resolveHost(host: string): Promise<{ addresses: string[]; error?: string }> {
  try {
    const found = await lookup(host.replace(/^\[|\]$/g, ''), { all: true });
    return { addresses: found.map((a) => a.address) };
  } catch (error) {
    return { addresses: [], error: errorReason(error) };
  }
}

/** The names a certificate covers: its DNS/IP subject alternative names, else its common name. */
function certHosts(socket: TLSSocket): string[] {
  const cert = socket.getPeerCertificate();
  const alt = (cert.subjectaltname ?? '')
    .split(',')
    .map((s) => s.trim().replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
  const cn = cert.subject?.CN;
  return alt.length ? alt : cn ? [String(cn)] : [];
}

/** Full TLS verification against the system CAs (plus NODE_EXTRA_CA_CERTS), as a public client would. */
export function checkTls(
  host: string,
  port: number,
  timeoutMs = 5000,
): Promise<{ ok: boolean; code?: string; message?: string; certHosts?: string[] }> {
  return new Promise((resolve) => {
    const servername = /^[\d.]+$|:/.test(host) ? undefined : host;
    const socket = tlsConnect({ host, port, servername, rejectUnauthorized: false });
    const done = (result: { ok: boolean; code?: string; message?: string; certHosts?: string[] }) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, code: 'timeout', message: 'no TLS handshake' }));
    socket.once('secureConnect', () => {
      if (socket.authorized) return done({ ok: true });
      // Node sets the OpenSSL code as a string here, though its types say Error: read it as either.
      const err: unknown = socket.authorizationError;
      const message = typeof err === 'string' ? err : err ? errorMessage(err) : undefined;
      const code = typeof err === 'string' ? err : (errorCode(err) ?? message ?? 'unauthorized');
      done({ ok: false, code, message, certHosts: certHosts(socket) });
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      // https:// to a plain-http port: OpenSSL's "wrong version number" means "this port speaks http" (as verify says).
      const failure = toNetworkError(e);
      if (failure.kind === 'plain-http')
        return done({ ok: false, code: 'plain-http', message: 'this port speaks http' });
      done({ ok: false, code: e.code, message: e.message });
    });
  });
}

/** Does this URL answer Meta's verification GET with 200 and the bare challenge? One GET, no judging beyond that. */
async function answersHandshake(
  url: string,
  verifyToken: string,
  options: { userAgent?: string; signal?: AbortSignal },
): Promise<boolean> {
  const { buildVerificationUrl } = await import('../verification/url.js');
  const challenge = String(1_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
  const x = await httpExchange({
    method: 'GET',
    url: buildVerificationUrl(url, challenge, verifyToken),
    headers: { 'user-agent': options.userAgent ?? DOCTOR_UA },
    signal: options.signal,
    timeoutMs: 5000,
  });
  return x.status === 200 && (x.body ?? '').trim() === challenge;
}

/** A failed handshake that looks like a routing miss (404, 405, a redirect) is worth trying other spellings for. */
export function looksLikeWrongPath(h: HandshakeFacts | undefined): boolean {
  const s = h?.status;
  return !!h && !h.verdict.ok && s !== null && s !== undefined && (s === 404 || s === 405 || (s >= 300 && s < 400));
}

/** Tries the other spellings of the URL's path (same origin and query); returns those that answer, in order. */
export async function probePathVariants(
  url: string,
  verifyToken: string,
  options: { userAgent?: string; signal?: AbortSignal },
): Promise<PathVariantFacts> {
  const { pathVariants } = await import('./rules/callback/path-variants.js');
  const u = new URL(url);
  const tried = pathVariants(u.pathname);
  const answers = await Promise.all(
    tried.map((path) => {
      const v = new URL(u);
      v.pathname = path;
      return answersHandshake(v.toString(), verifyToken, options);
    }),
  );
  return { tried, answering: tried.filter((_, i) => answers[i]) };
}
