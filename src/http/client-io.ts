/**
 * wa-hook's one way to send an HTTP request (undici): an overall deadline that covers connecting, the head and
 * the whole body (undici's own timers only notice silence, so a server that trickles would hang them), the
 * caller's cancellation, a bounded body, and a typed result that never throws for network trouble.
 * Failures are classified once, by network-error.ts.
 */
import { STATUS_CODES } from 'node:http';
import { Agent, EnvHttpProxyAgent, Pool, type Dispatcher } from 'undici';
import { cancelledError, deadlineError, toNetworkError, type NetworkError } from './network-error.js';

export type { NetworkError, NetworkErrorKind } from './network-error.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequestOptions {
  method?: HttpMethod;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Overall deadline in ms: connect, head and whole body. Passing it ends in `{ ok: false, error.kind: 'timeout' }`. */
  timeoutMs: number;
  /** The caller's cancellation (Ctrl-C, close()): ends in `{ ok: false, error.kind: 'aborted' }`. */
  signal?: AbortSignal;
  /** Keep at most this many bytes of the answer's body (the rest is dropped, `truncated`); 0 keeps none. Default 1 MB. */
  maxBodyBytes?: number;
}

export interface HttpAnswer {
  ok: true;
  status: number;
  /** Node's reason phrase for the status (`OK`, `Not Found`), undefined for an unknown status. */
  statusText: string | undefined;
  /** Lower-case names, as undici gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The first maxBodyBytes of the body as UTF-8. */
  body: string;
  truncated: boolean;
  /** From the call until the (bounded) body arrived. */
  ms: number;
}

export interface HttpFailure {
  ok: false;
  error: NetworkError;
  ms: number;
}

export type HttpResult = HttpAnswer | HttpFailure;

const DEFAULT_MAX_BODY = 1_000_000;

/** HTTP(S)_PROXY / NO_PROXY honoured from `env` (the Graph API, verification probes). */
export function proxyDispatcher(env: Readonly<Record<string, string | undefined>> = process.env): Dispatcher {
  return new EnvHttpProxyAgent({
    httpProxy: env.HTTP_PROXY ?? env.http_proxy,
    httpsProxy: env.HTTPS_PROXY ?? env.https_proxy,
    noProxy: env.NO_PROXY ?? env.no_proxy,
  });
}

let direct: Dispatcher | undefined;
/** Straight to the target, no proxy, as Meta's servers connect (doctor's probes, tunnel metrics). Shared, never closed. */
export function directDispatcher(): Dispatcher {
  direct ??= new Agent({ connect: { timeout: 5000 } });
  return direct;
}

interface Exchange {
  method: HttpMethod;
  path: string;
  /** Only for a dispatcher that serves several origins (Agent, proxy agent); a Pool has its own. */
  origin?: string;
}

/**
 * One exchange through undici's dispatch handler API: no stream per response (a burst sender pays for each),
 * the body kept up to its bound and the rest read and dropped. The overall deadline and the caller's
 * cancellation settle the result themselves, then abort the request: a proxy CONNECT that is never answered
 * does not notice an abort, and the caller must not wait for it either.
 */
function exchange(dispatcher: Dispatcher, target: Exchange, options: HttpRequestOptions): Promise<HttpResult> {
  const started = performance.now();
  const max = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  let controller: Dispatcher.DispatchController | undefined;
  let settled = false;
  let status = 0;
  let headers: HttpAnswer['headers'] = {};
  const chunks: Buffer[] = [];
  let size = 0;
  let resolve: (result: HttpResult) => void = () => undefined;
  const result = new Promise<HttpResult>((r) => (resolve = r));

  const finish = (outcome: HttpResult) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
    resolve(outcome);
  };
  const fail = (error: unknown) => {
    finish({ ok: false, error: toNetworkError(error), ms: performance.now() - started });
    if (controller && !controller.aborted) controller.abort(error instanceof Error ? error : new Error(String(error)));
  };
  const answer = () => {
    const body = Buffer.concat(chunks);
    finish({
      ok: true,
      status,
      statusText: STATUS_CODES[status],
      headers,
      body: max === 0 ? '' : body.subarray(0, max).toString('utf8'),
      truncated: size > max,
      ms: performance.now() - started,
    });
  };
  const timer = setTimeout(() => fail(deadlineError(options.timeoutMs)), options.timeoutMs);
  const cancel = () => fail(cancelledError());
  if (options.signal?.aborted) {
    cancel();
    return result;
  }
  options.signal?.addEventListener('abort', cancel, { once: true });

  const handler: Dispatcher.DispatchHandler = {
    onRequestStart: (c) => {
      controller = c;
      if (settled) c.abort(new Error('settled before the request started'));
    },
    onResponseStart: (_c, statusCode, responseHeaders) => {
      status = statusCode;
      headers = responseHeaders;
    },
    onResponseData: (c, chunk) => {
      size += chunk.length;
      if (max === 0) return; // status only: the body is read and dropped, the connection stays usable
      chunks.push(chunk);
      if (size <= max) return;
      // Enough of it: answer now and drop the connection rather than read a huge page to its end.
      answer();
      c.abort(new Error('body larger than wanted'));
    },
    onResponseEnd: answer,
    onResponseError: (_c, error) =>
      finish({ ok: false, error: toNetworkError(error), ms: performance.now() - started }),
  };
  try {
    const { origin, path, method } = target;
    dispatcher.dispatch({ origin, path, method, headers: options.headers, body: options.body }, handler);
  } catch (error) {
    fail(error); // e.g. a header value undici refuses
  }
  return result;
}

/**
 * One request. Redirects are never followed (Meta does not follow them either).
 *
 * @example
 * const res = await httpRequest(url, { timeoutMs: 10_000, signal: ctx.signal });
 * if (!res.ok) console.error(res.error.kind, res.error.code); else console.log(res.status, res.body);
 */
export function httpRequest(
  url: string | URL,
  options: HttpRequestOptions & { dispatcher?: Dispatcher },
): Promise<HttpResult> {
  const target = typeof url === 'string' ? new URL(url) : url;
  return exchange(
    options.dispatcher ?? directDispatcher(),
    { origin: target.origin, path: `${target.pathname}${target.search}`, method: options.method ?? 'GET' },
    options,
  );
}

export interface HttpPool {
  /** Same contract as httpRequest, for a path on the pool's origin. */
  request(path: string, options: HttpRequestOptions): Promise<HttpResult>;
  /** Lets requests in flight finish, then closes the connections. */
  close(): Promise<void>;
  /** Aborts whatever is in flight and closes the connections. */
  destroy(): Promise<void>;
}

/**
 * Keep-alive connections to one origin, for many requests to the same receiver (send-sample bursts, the
 * inspector's sends). `pipelining` > 1 lets a connection carry that many requests before their answers.
 */
export function createHttpPool(origin: string, options: { connections: number; pipelining?: number }): HttpPool {
  const pool = new Pool(origin, { connections: options.connections, pipelining: options.pipelining ?? 1 });
  return {
    request: (path, requestOptions) => exchange(pool, { path, method: requestOptions.method ?? 'GET' }, requestOptions),
    close: () => pool.close(),
    destroy: () => pool.destroy(),
  };
}
