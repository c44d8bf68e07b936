import { createHttpPool } from '../../http/client-io.js';
import type { SendResult } from './send-verdict.js';
import { META_CONTENT_TYPE, META_USER_AGENT } from './delivery-headers.js';

export type { SendResult };

export interface Sender {
  /** Never rejects: transport errors (the deadline included) come back as errorCode/errorMessage. */
  send(body: Buffer, signature: string | undefined, readBody?: boolean): Promise<SendResult>;
  /** Waits for in-flight requests, then closes the keep-alive connections. */
  close(): Promise<void>;
  /** Aborts whatever is in flight. */
  destroy(): Promise<void>;
}

/** The first bytes of an answer's body a single send shows; bursts read none. */
const SHOWN_BODY_BYTES = 2048;

/**
 * One keep-alive pool per run, `connections` sockets to the target's origin, every body signed on its own.
 * `timeoutMs` is an overall deadline per request (connect, head and whole body): a receiver that accepts and
 * never answers, or trickles its answer, ends the send with a timeout instead of hanging it.
 */
export function createSender(
  url: string,
  options: { connections: number; timeoutMs: number; headers?: Record<string, string> },
): Sender {
  const target = new URL(url);
  const path = `${target.pathname}${target.search}`;
  const pool = createHttpPool(target.origin, { connections: options.connections });
  const headers: Record<string, string> = {
    'content-type': META_CONTENT_TYPE,
    'user-agent': META_USER_AGENT,
    ...options.headers,
  };
  return {
    async send(body, signature, readBody = false) {
      const res = await pool.request(path, {
        method: 'POST',
        headers: signature === undefined ? headers : { ...headers, 'x-hub-signature-256': signature },
        body,
        timeoutMs: options.timeoutMs,
        maxBodyBytes: readBody ? SHOWN_BODY_BYTES : 0,
      });
      if (!res.ok)
        return { ms: res.ms, errorKind: res.error.kind, errorCode: res.error.code, errorMessage: res.error.message };
      return { status: res.status, statusText: res.statusText, ms: res.ms, body: readBody ? res.body : undefined };
    },
    close: () => pool.close(),
    // Ends every request in flight or queued (as `aborted`), then the connections.
    destroy: () => pool.destroy(),
  };
}
