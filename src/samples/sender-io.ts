import { STATUS_CODES } from 'node:http';
import { Pool } from 'undici';
import { createBurstClient } from './burst-client-io.js';
import type { SendResult } from './send-verdict.js';
import { META_CONTENT_TYPE, META_USER_AGENT } from './delivery-headers.js';

export type { SendResult };

export interface Sender {
  /** Never rejects: transport errors come back as errorCode/errorMessage. */
  /** `precise`: also bound the request with its own AbortSignal.timeout (undici's own timers tick coarsely). */
  send(body: Buffer, signature: string | undefined, readBody?: boolean, precise?: boolean): Promise<SendResult>;
  /** Waits for in-flight requests, then closes the keep-alive connections. */
  close(): Promise<void>;
  /** Aborts whatever is in flight. */
  destroy(): Promise<void>;
}

function errorCodeOf(error: unknown): string | undefined {
  const e = error as { name?: string; code?: string; cause?: { code?: string }; errors?: Array<{ code?: string }> };
  if (e?.name === 'TimeoutError') return 'ETIMEDOUT'; // AbortSignal.timeout's DOMException
  // Connecting to a name with several addresses fails with an AggregateError of per-address errors.
  return e?.code ?? e?.cause?.code ?? e?.errors?.[0]?.code;
}

/**
 * One keep-alive pool per run, `connections` sockets to the target's origin. Sends that only need the status
 * to an http:// target (bursts, the inspector) go through the burst client; the rest through undici. Every
 * request is bounded by the timeout, so a stuck receiver cannot hang a burst.
 */
export function createSender(
  url: string,
  options: { connections: number; timeoutMs: number; headers?: Record<string, string> },
): Sender {
  const target = new URL(url);
  const path = `${target.pathname}${target.search}`;
  const pool = new Pool(target.origin, {
    connections: options.connections,
    pipelining: 1,
    connectTimeout: options.timeoutMs,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const burst =
    target.protocol === 'http:'
      ? createBurstClient(target, {
          connections: options.connections,
          timeoutMs: options.timeoutMs,
          headers: options.headers,
        })
      : undefined;
  return {
    async send(body, signature, readBody = false, precise = false) {
      const started = performance.now();
      if (!readBody && !precise && burst) return burst.send(body, signature);
      const headers: Record<string, string> = {
        'content-type': META_CONTENT_TYPE,
        'user-agent': META_USER_AGENT,
        ...options.headers,
      };
      if (signature !== undefined) headers['x-hub-signature-256'] = signature;
      try {
        const signal = precise ? AbortSignal.timeout(options.timeoutMs) : undefined;
        const res = await pool.request({ path, method: 'POST', headers, body, signal });
        let text: string | undefined;
        if (readBody) text = (await res.body.text()).slice(0, 2048);
        else await res.body.dump();
        return {
          status: res.statusCode,
          statusText: STATUS_CODES[res.statusCode],
          ms: performance.now() - started,
          body: text,
        };
      } catch (error) {
        return {
          ms: performance.now() - started,
          errorCode: errorCodeOf(error),
          errorMessage: (error as Error)?.message ?? String(error),
        };
      }
    },
    close: async () => {
      await Promise.all([burst?.close(), pool.close()]);
    },
    destroy: async () => {
      await Promise.all([burst?.destroy(), pool.destroy()]);
    },
  };
}
