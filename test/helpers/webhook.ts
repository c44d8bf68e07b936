/**
 * What the integration tests do to a running receiver and around it: sign a body as Meta does, POST it,
 * read the event log back, and stand up a user's own backend for `--forward-to`.
 *
 * `sign` computes the HMAC here with node:crypto instead of calling the package's `signBody`: a test that
 * signed with the code under test could not catch a bug shared by the signer and the checker.
 */
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, beforeEach } from 'vitest';
import { parseRecordLine } from '../../src/events/record/line.js';

/** `sha256=<hex>`: Meta's X-Hub-Signature-256 for these exact bytes. */
export function sign(body: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface PostOptions {
  /** Signs the body with this app secret; unset sends no signature header. */
  secret?: string;
  headers?: Record<string, string>;
}

/** POSTs a JSON webhook body and resolves with the status once the answer is read whole. */
export async function post(url: string, body: string | Buffer, options: PostOptions = {}): Promise<number> {
  const res = await request(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      ...(options.secret !== undefined ? { 'x-hub-signature-256': sign(body, options.secret) } : {}),
      ...options.headers,
    },
  });
  await res.body.text();
  return res.statusCode;
}

/** The records of `.wa-hook/<name>` in the project directory, parsed as `wa-hook events` reads them. */
export async function readLog(dir: string, name = 'events.jsonl'): Promise<any[]> {
  const text = await readFile(join(dir, '.wa-hook', name), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => parseRecordLine(line));
}

export interface BackendRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  signature?: string;
  /** The X-Hub-Signature-256 header matches the body under the backend's app secret. */
  signedValidly: boolean;
}

export interface Backend {
  server: Server;
  origin: string;
  seen: BackendRequest[];
  close(): void;
}

export interface BackendOptions {
  /** The app secret the backend checks signatures with, as a real bot does. */
  secret?: string;
  /** How the backend answers; by default 200 `ok`. */
  answer?: (seen: BackendRequest, req: IncomingMessage, res: ServerResponse) => void;
}

/** A user's own backend on a free loopback port: records every request whole, then answers. */
export async function startBackend(options: BackendOptions = {}): Promise<Backend> {
  const seen: BackendRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const signature = req.headers['x-hub-signature-256'] as string | undefined;
      const signedValidly = options.secret !== undefined && signature === sign(body, options.secret);
      const request = { method: req.method!, url: req.url!, headers: req.headers, body, signature, signedValidly };
      seen.push(request);
      if (options.answer) return options.answer(request, req, res);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin, seen, close: () => server.close() };
}

/**
 * A backend started before each test of the enclosing `describe` and closed after it (registers
 * beforeEach/afterEach): read its fields inside a test.
 */
export function useBackend(options: BackendOptions = {}): Backend {
  let backend: Backend | undefined;
  beforeEach(async () => {
    backend = await startBackend(options);
  });
  afterEach(() => {
    backend?.close();
    backend = undefined;
  });
  const current = (): Backend => {
    if (backend === undefined) throw new Error('useBackend: the backend runs only while a test runs');
    return backend;
  };
  return {
    get server() {
      return current().server;
    },
    get origin() {
      return current().origin;
    },
    get seen() {
      return current().seen;
    },
    close: () => current().close(),
  };
}
