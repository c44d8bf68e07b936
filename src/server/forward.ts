import { Agent, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { verifySignature } from '../core/signature.js';
import type { EventRecord } from '../core/event-record.js';
import { readBody } from './read-body.js';
import { bodyFields } from './records.js';

/** Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never relayed. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

export interface ForwardResult {
  status: number;
  /** Header pairs to relay to the caller, as the backend sent them. */
  headers: Array<[string, string]>;
  body: Buffer;
  record: Omit<EventRecord, 'id' | 'receivedAt' | 'method' | 'url' | 'headers'>;
  payload?: unknown;
  hint?: string;
}

export interface Forwarder {
  target: URL;
  forward(req: IncomingMessage, url: URL, callbackPath: string): Promise<ForwardResult>;
  close(): void;
}

function relayHeaders(raw: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!HOP_BY_HOP.has(raw[i]!.toLowerCase()) && raw[i]!.toLowerCase() !== 'content-length') out.push([raw[i]!, raw[i + 1]!]);
  }
  return out;
}

function requestHeaders(req: IncomingMessage, length: number): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
  headers['content-length'] = String(length);
  return headers;
}

/** `/webhook/x?y` on the receiver → `<target path>/x?y` on the backend: suffix and query pass unchanged. */
export function backendPath(target: URL, url: URL, callbackPath: string): string {
  const suffix = url.pathname.slice(callbackPath.length);
  const base = target.pathname.endsWith('/') && suffix.startsWith('/') ? target.pathname.slice(0, -1) : target.pathname;
  return `${base}${suffix}${url.search}`;
}

/**
 * Sits in front of the user's backend: method, headers and raw body go through unchanged (signatures
 * must still verify there), and the backend's status, headers and body come back unchanged, so Meta's
 * handshake is answered by the backend itself. One keep-alive agent keeps the added latency low.
 */
export function createForwarder(target: URL, appSecret?: string): Forwarder {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  return {
    target,
    close: () => agent.destroy(),
    async forward(req, url, callbackPath) {
      const read = await readBody(req);
      if (!read.ok) {
        const status = read.reason === 'too-large' ? 413 : 400;
        const reason = read.reason === 'too-large' ? 'body larger than 4 MiB' : 'request aborted before the body was complete';
        return { status, headers: [], body: Buffer.from(`${reason}\n`), record: { kind: 'rejected', status, signature: 'unchecked', reason } };
      }
      const body = read.body;
      // Informational only: in forward mode the backend decides whether a signature is acceptable.
      const signature: EventRecord['signature'] =
        appSecret === undefined || req.method !== 'POST' ? 'unchecked' : verifySignature(req.headers['x-hub-signature-256'] as string | undefined, body, appSecret).ok ? 'valid' : req.headers['x-hub-signature-256'] ? 'invalid' : 'missing';
      const kind: EventRecord['kind'] = req.method === 'GET' ? 'verification' : 'event';
      const started = performance.now();
      const targetText = `${target.origin}${target.pathname}`;
      try {
        const response = await new Promise<IncomingMessage>((resolve, reject) => {
          const outgoing = request(
            { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: backendPath(target, url, callbackPath), headers: requestHeaders(req, body.length), agent: target.protocol === 'http:' ? agent : undefined, timeout: 30_000 },
            resolve,
          );
          outgoing.on('timeout', () => outgoing.destroy(Object.assign(new Error('no answer within 30 s'), { code: 'ETIMEDOUT' })));
          outgoing.on('error', reject);
          outgoing.end(body);
        });
        const chunks: Buffer[] = [];
        for await (const chunk of response) chunks.push(chunk as Buffer);
        const ms = Math.round((performance.now() - started) * 10) / 10;
        const status = response.statusCode ?? 502;
        let payload: unknown;
        if (kind === 'event') {
          try {
            payload = JSON.parse(body.toString('utf8'));
          } catch {
            payload = undefined;
          }
        }
        const ok = status >= 200 && status < 300;
        return {
          status,
          headers: relayHeaders(response.rawHeaders),
          body: Buffer.concat(chunks),
          payload,
          hint: ok ? undefined : kind === 'verification' ? 'your backend refused the handshake: check its verify token and that it returns the bare hub.challenge' : 'your backend refused the event: see its log',
          record: { kind: ok || kind === 'verification' ? kind : 'rejected', status, signature, ...(ok ? {} : { reason: `backend answered ${status}` }), ...bodyFields(body), forward: { target: targetText, status, ms } },
        };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        const ms = Math.round(performance.now() - started);
        const reason = `backend ${targetText} not reachable (${code})`;
        return {
          status: 502,
          headers: [],
          body: Buffer.from(`wa-hook: ${reason}\n`),
          hint: code === 'ECONNREFUSED' ? `start your backend on ${target.host}, or fix --forward-to` : 'check that your backend answers within 30 s',
          record: { kind: 'rejected', status: 502, signature, reason, ...bodyFields(body), forward: { target: targetText, ms, error: String(code) } },
        };
      }
    },
  };
}
