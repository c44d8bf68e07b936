import { STATUS_CODES } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import type { DeliveryOutcome } from './send-verdict.js';
import { META_CONTENT_TYPE, META_USER_AGENT } from './delivery-headers.js';

export interface SendResult extends DeliveryOutcome {
  ms: number;
  /** Response body (first 2 kB), only when asked for. */
  body?: string;
}

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
 * One POST through undici's low-level dispatch, the answer's body discarded as it comes: no request/response
 * stream objects or promises per request. A burst spent about a third of its CPU in that machinery.
 */
function post(pool: Dispatcher, path: string, headers: string[], body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    let status = 0;
    pool.dispatch(
      { path, method: 'POST', headers, body },
      {
        onConnect: () => {},
        onHeaders: (statusCode: number) => {
          status = statusCode;
          return true;
        },
        onData: () => true,
        onComplete: () => resolve(status),
        onError: reject,
      },
    );
  });
}

/**
 * One undici Pool per run, keep-alive, `connections` sockets to the target's origin. Every request
 * is bounded by the timeout (headers and body), so a stuck receiver cannot hang a burst.
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
  return {
    async send(body, signature, readBody = false, precise = false) {
      const started = performance.now();
      if (!readBody && !precise) {
        const flat = ['content-type', META_CONTENT_TYPE, 'user-agent', META_USER_AGENT];
        for (const [name, value] of Object.entries(options.headers ?? {})) flat.push(name, value);
        if (signature !== undefined) flat.push('x-hub-signature-256', signature);
        try {
          const status = await post(pool, path, flat, body);
          return { status, statusText: STATUS_CODES[status], ms: performance.now() - started };
        } catch (error) {
          return {
            ms: performance.now() - started,
            errorCode: errorCodeOf(error),
            errorMessage: (error as Error)?.message ?? String(error),
          };
        }
      }
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
    close: () => pool.close(),
    destroy: () => pool.destroy(),
  };
}
