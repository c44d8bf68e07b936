import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type RequestOptions,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface LoopbackServer {
  /** Origin, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  /** Every request seen, in order (method and URL as received). */
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  close: () => Promise<void>;
}

const TLS_DIR = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));

/** The committed self-signed certificate for 127.0.0.1 (tests only: it is public, so it protects nothing). */
export function testTlsCredentials(): { key: Buffer; cert: Buffer } {
  return { key: readFileSync(`${TLS_DIR}key.pem`), cert: readFileSync(`${TLS_DIR}cert.pem`) };
}

/** Starts a node:http (or https with the test certificate) server on 127.0.0.1, port 0. */
export async function startLoopbackServer(handler: Handler, options: { tls?: boolean } = {}): Promise<LoopbackServer> {
  const requests: LoopbackServer['requests'] = [];
  const wrapped: Handler = (req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  };
  const server: Server = options.tls ? createHttpsServer(testTlsCredentials(), wrapped) : createHttpServer(wrapped);
  const port = await listenOnLoopback(server);
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    close: () => closeServer(server),
  };
}

/** Listens on 127.0.0.1 at a free port and resolves with the port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Closes the server; handlers that never answer keep sockets open, so they are dropped first and close() returns. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/**
 * A loopback origin where nothing listens. Port 1 (tcpmux) is never bound here; a port freed by a
 * closed test server is not safe, since a parallel test may take it in between (seen in CI).
 */
export const CLOSED_ORIGIN = 'http://127.0.0.1:1';

export interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One request through node:http, no connection pooling and headers exactly as given (`url` may be omitted when
 * `options` say where, e.g. a socketPath); resolves with the answer's status, headers and body bytes.
 */
export function requestRaw(
  url: string | undefined,
  options: RequestOptions,
  body?: Buffer,
  timeoutMs?: number,
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    };
    const all = { ...options, agent: false };
    const req = url === undefined ? httpRequest(all, onResponse) : httpRequest(url, all, onResponse);
    if (timeoutMs !== undefined) req.setTimeout(timeoutMs, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
