import type { IncomingMessage } from 'node:http';
import type { Dispatcher } from 'undici';
import { bodyRefusal, classifySignature } from '../receiver/refusal.js';
import { toNetworkError } from '../http/network-error.js';
import type { EventRecord } from '../events/record/record.js';
import { readBody } from '../receiver/read-body-io.js';
import { headerText, storedBody } from '../events/record/fields.js';
import { reasonHint, reasonText, type ReasonCode } from '../events/record/reasons.js';
import { clientFacts, forwardRequestHeaders, relayResponseHeaders } from './headers.js';

export interface ForwardResult {
  status: number;
  /** Headers to relay to the caller as the backend sent them: a flat [name, value, …] list. */
  headers: string[];
  body: Buffer;
  record: Omit<EventRecord, 'id' | 'receivedAt' | 'method' | 'url' | 'headers'>;
  hint?: string;
}

export interface Forwarder {
  target: URL;
  forward(req: IncomingMessage, url: URL, callbackPath: string): Promise<ForwardResult>;
  close(): void;
}

/** `/webhook/x?y` on the receiver → `<target path>/x?y` on the backend: suffix and query pass unchanged. */
export function backendPath(target: URL, url: URL, callbackPath: string): string {
  const suffix = url.pathname.slice(callbackPath.length);
  const base = target.pathname.endsWith('/') && suffix.startsWith('/') ? target.pathname.slice(0, -1) : target.pathname;
  return `${base}${suffix}${url.search}`;
}

interface BackendAnswer {
  status: number;
  rawHeaders: Buffer[];
  body: Buffer;
}

/**
 * The backend's answer is held whole (its length goes out before it): Meta reads only the status and the
 * handshake's challenge, so 1 MiB is plenty, and a 1 GiB answer cannot take 2 GB of memory.
 */
export const MAX_BACKEND_ANSWER_BYTES = 1024 * 1024;
/** The whole exchange, however the backend trickles: idle timers alone never end a byte-a-second answer. */
export const BACKEND_DEADLINE_MS = 30_000;

/**
 * One exchange through undici's low-level dispatch: raw header bytes (names keep their spelling), body
 * chunks collected as they come, no stream objects or async iterators per request. Bounded in bytes and
 * in time (MAX_BACKEND_ANSWER_BYTES, BACKEND_DEADLINE_MS): past either the exchange is aborted.
 */
export function exchange(
  pool: Dispatcher,
  options: Dispatcher.DispatchOptions,
  limits = { bytes: MAX_BACKEND_ANSWER_BYTES, ms: BACKEND_DEADLINE_MS },
): Promise<BackendAnswer> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let rawHeaders: Buffer[] = [];
    const chunks: Buffer[] = [];
    let size = 0;
    let abort: ((reason?: Error) => void) | undefined;
    const fail = (code: string, message: string) => abort?.(Object.assign(new Error(message), { code }));
    const deadline = setTimeout(() => fail('ETIMEDOUT', 'backend took too long'), limits.ms);
    deadline.unref();
    pool.dispatch(options, {
      onConnect: (abortExchange: (reason?: Error) => void) => {
        abort = abortExchange;
      },
      onHeaders: (statusCode: number, headers: Buffer[] | string[] | null) => {
        status = statusCode;
        rawHeaders = (headers ?? []).map((h) => (typeof h === 'string' ? Buffer.from(h, 'latin1') : h));
        return true;
      },
      onData: (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.bytes) {
          fail('ETOOBIG', `backend answer larger than ${limits.bytes} bytes`);
          return false;
        }
        chunks.push(chunk);
        return true;
      },
      onComplete: () => {
        clearTimeout(deadline);
        resolve({ status, rawHeaders, body: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks) });
      },
      onError: (error: Error) => {
        clearTimeout(deadline);
        reject(error);
      },
    });
  });
}

export interface ForwarderOptions {
  appSecret?: string;
  /** The public side is cloudflared: Cloudflare's edge headers (Cf-Connecting-IP…) name the real client. */
  trustCloudflared?: boolean;
}

/**
 * Sits in front of the user's backend: method, end-to-end headers and raw body go through unchanged
 * (signatures must still verify there; headers.ts says what is dropped or set), and the backend's status,
 * end-to-end headers and body come back unchanged, so Meta's
 * handshake is answered by the backend itself. An undici keep-alive pool (imported only in forward mode:
 * `up` without --forward-to and `--help` never load it) costs about half the CPU per exchange of the
 * node:http client with an async iterator over each response.
 */
export async function createForwarder(target: URL, options: ForwarderOptions = {}): Promise<Forwarder> {
  const { appSecret, trustCloudflared = false } = options;
  const { Pool } = await import('undici');
  // As many connections as concurrent callers (the old agent allowed 256): a request never waits for a socket.
  const pool = new Pool(target.origin, {
    connections: 256,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
    keepAliveTimeout: 4_000,
  });
  const targetText = `${target.origin}${target.pathname}`;
  return {
    target,
    close: () => {
      void pool.destroy().catch(() => {});
    },
    async forward(req, url, callbackPath) {
      const read = await readBody(req);
      if (!read.ok) {
        const { status, reason } = bodyRefusal(read.reason);
        return {
          status,
          headers: [],
          body: Buffer.from(`${reasonText(reason)}\n`),
          record: { kind: 'rejected', status, signature: 'unchecked', reason },
          hint: reasonHint(reason),
        };
      }
      const body = read.body;
      // Informational only: in forward mode the backend decides whether a signature is acceptable.
      const { signature } = classifySignature(
        body,
        headerText(req.headers['x-hub-signature-256']),
        req.method === 'POST' ? appSecret : undefined,
      );
      const kind: EventRecord['kind'] = req.method === 'GET' ? 'verification' : 'event';
      const started = performance.now();
      try {
        const method = req.method ?? 'GET';
        // A GET/HEAD with an empty body is sent without one (as node:http did); anything else carries its bytes.
        const sendBody = body.length > 0 || (method !== 'GET' && method !== 'HEAD');
        const response = await exchange(pool, {
          method,
          path: backendPath(target, url, callbackPath),
          headers: forwardRequestHeaders(
            req.rawHeaders,
            clientFacts(req.rawHeaders, req.socket.remoteAddress, trustCloudflared),
          ),
          body: sendBody ? body : null,
        });
        const ms = Math.round((performance.now() - started) * 10) / 10;
        const status = response.status;
        const ok = status >= 200 && status < 300;
        // Not parsed: the backend judges the body, and the live view parses only the events it prints
        // (JSON.parse was a twelfth of the forwarder's CPU). Stored as text, so any body keeps its line valid.
        // Refused and not known to come from Meta: keep only its start (a stranger must not fill the disk).
        const stored = storedBody(body, { refused: !ok && signature !== 'valid' });
        return {
          status,
          headers: relayResponseHeaders(response.rawHeaders),
          body: response.body,
          hint: ok
            ? undefined
            : kind === 'verification'
              ? 'your backend refused the handshake: check its verify token and that it returns the bare hub.challenge'
              : 'your backend refused the event: see its log',
          record: {
            kind: ok || kind === 'verification' ? kind : 'rejected',
            status,
            signature,
            ...(ok ? {} : { reason: 'backend-refused' as const, detail: String(status) }),
            ...stored.fields,
            forward: { target: targetText, status, ms },
          },
        };
      } catch (error) {
        // One mapping for every outbound request: "took too long" whatever stage undici noticed it in is
        // ETIMEDOUT, a connection the backend closed before answering (UND_ERR_SOCKET) is ECONNRESET.
        const failure = toNetworkError(error);
        const code = failure.code || failure.message;
        const ms = Math.round(performance.now() - started);
        const reason: ReasonCode = code === 'ETOOBIG' ? 'backend-too-big' : 'backend-unreachable';
        const detail = code === 'ETOOBIG' ? targetText : `${targetText} (${code})`;
        return {
          status: 502,
          headers: [],
          body: Buffer.from(`wa-hook: ${reasonText(reason, detail)}\n`),
          hint:
            failure.kind === 'refused'
              ? `start your backend on ${target.host}, or fix --forward-to`
              : code === 'ETOOBIG'
                ? 'answer the webhook with a short body: Meta reads only the status (and the handshake challenge)'
                : 'check that your backend answers within 30 s',
          record: {
            kind: 'rejected',
            status: 502,
            signature,
            reason,
            detail,
            ...storedBody(body, { refused: signature !== 'valid' }).fields,
            forward: { target: targetText, ms, error: String(code) },
          },
        };
      }
    },
  };
}
