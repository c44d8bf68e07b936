/**
 * The sending side of `send-sample --count` (and the inspector's sends) to an http:// receiver: keep-alive
 * HTTP/1.1 POSTs written straight to sockets, the head built from a fixed prefix plus the two headers that
 * change (signature, length), and responses read only for their status (http1-response.ts). Through
 * undici's dispatch a burst cost the sender about twice autocannon's CPU per request; this is below it.
 * https:// targets and sends that read the answer's body go through undici (sender-io.ts).
 */
import { STATUS_CODES } from 'node:http';
import { connect, type Socket } from 'node:net';
import { ResponseReader } from './http1-response.js';
import type { SendResult } from './send-verdict.js';
import { META_CONTENT_TYPE, META_USER_AGENT } from './delivery-headers.js';

export interface BurstClient {
  send(body: Buffer, signature: string | undefined): Promise<SendResult>;
  /** Lets requests in flight finish, then closes the connections. */
  close(): Promise<void>;
  /** Aborts whatever is in flight. */
  destroy(): Promise<void>;
}

interface Connection {
  socket: Socket;
  reader: ResponseReader;
  /** The request on this connection waiting for its answer. */
  waiting?: { resolve: (result: SendResult) => void; started: number };
  error?: NodeJS.ErrnoException;
}

export interface BurstClientOptions {
  /** Connections at most (one request in flight on each). */
  connections: number;
  /** No byte from the receiver for this long fails the request in flight (ETIMEDOUT). */
  timeoutMs: number;
  /** Extra request headers (the probe header). */
  headers?: Record<string, string>;
}

function headerLine(name: string, value: string): string {
  if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) throw new Error(`header ${name} holds a line break`);
  return `${name}: ${value}\r\n`;
}

export function createBurstClient(target: URL, options: BurstClientOptions): BurstClient {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(target.port || 80);
  const prefix =
    `POST ${target.pathname}${target.search} HTTP/1.1\r\n` +
    headerLine('Host', target.host) +
    headerLine('Content-Type', META_CONTENT_TYPE) +
    headerLine('User-Agent', META_USER_AGENT) +
    Object.entries(options.headers ?? {})
      .map(([name, value]) => headerLine(name, value))
      .join('');
  const all = new Set<Connection>();
  const idle: Connection[] = [];
  /** Requests waiting for a free connection (more sends at once than connections). */
  const queue: Array<{ go: (connection: Connection) => void; resolve: (result: SendResult) => void }> = [];
  let inFlight = 0;
  let aborted = false;
  let drained: (() => void) | undefined;

  const settle = (connection: Connection, result: Omit<SendResult, 'ms'>) => {
    const waiting = connection.waiting;
    if (!waiting) return;
    connection.waiting = undefined;
    inFlight--;
    waiting.resolve({ ...result, ms: performance.now() - waiting.started });
    if (inFlight === 0) drained?.();
  };

  const release = (connection: Connection) => {
    const next = queue.shift();
    if (next) next.go(connection);
    else idle.push(connection);
  };

  const openConnection = (): Connection => {
    const socket = connect({ host, port, noDelay: true });
    const connection: Connection = { socket, reader: new ResponseReader() };
    all.add(connection);
    socket.setTimeout(options.timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      let responses;
      try {
        responses = connection.reader.push(chunk);
      } catch (error) {
        connection.error = error as NodeJS.ErrnoException;
        socket.destroy();
        return;
      }
      for (const response of responses) {
        if (!connection.waiting) {
          connection.error = Object.assign(new Error('the receiver answered a request that was not sent'), {
            code: 'HPE_UNEXPECTED_RESPONSE',
          });
          socket.destroy();
          return;
        }
        settle(connection, { status: response.status, statusText: STATUS_CODES[response.status] });
        if (!response.keepAlive) {
          socket.destroy();
          return;
        }
        release(connection);
      }
    });
    socket.on('timeout', () => {
      if (connection.waiting)
        connection.error = Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' });
      socket.destroy();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      connection.error ??= error;
    });
    socket.on('close', () => {
      all.delete(connection);
      const at = idle.indexOf(connection);
      if (at !== -1) idle.splice(at, 1);
      const last = connection.reader.end();
      if (last) settle(connection, { status: last.status, statusText: STATUS_CODES[last.status] });
      else if (connection.waiting) {
        const error = connection.error;
        settle(
          connection,
          aborted
            ? { errorCode: 'ABORT_ERR', errorMessage: 'aborted' }
            : {
                errorCode: error?.code ?? 'ECONNRESET',
                errorMessage: error?.message ?? 'the receiver closed the connection before answering',
              },
        );
      }
      // A request queued for a free connection gets a fresh one in place of this.
      const next = queue.length > 0 && !aborted ? queue.shift() : undefined;
      if (next) next.go(openConnection());
    });
    return connection;
  };

  const write = (connection: Connection, body: Buffer, signature: string | undefined) => {
    const head =
      signature === undefined
        ? `${prefix}Content-Length: ${body.length}\r\n\r\n`
        : `${prefix}X-Hub-Signature-256: ${signature}\r\nContent-Length: ${body.length}\r\n\r\n`;
    const socket = connection.socket;
    socket.cork();
    socket.write(head, 'latin1');
    socket.write(body);
    socket.uncork();
  };

  return {
    send(body, signature) {
      if (signature !== undefined && /[\r\n]/.test(signature)) throw new Error('signature holds a line break');
      const started = performance.now();
      return new Promise((resolve) => {
        if (aborted) {
          resolve({ ms: 0, errorCode: 'ABORT_ERR', errorMessage: 'aborted' });
          return;
        }
        inFlight++;
        const go = (connection: Connection) => {
          connection.waiting = { resolve, started };
          write(connection, body, signature);
        };
        const connection = idle.pop() ?? (all.size < options.connections ? openConnection() : undefined);
        if (connection) go(connection);
        else queue.push({ go, resolve });
      });
    },
    async close() {
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      for (const connection of idle.splice(0)) connection.socket.end();
    },
    destroy() {
      aborted = true;
      for (const waiting of queue.splice(0)) {
        inFlight--;
        waiting.resolve({ ms: 0, errorCode: 'ABORT_ERR', errorMessage: 'aborted' });
      }
      const done = new Promise<void>((resolve) => {
        if (inFlight === 0) resolve();
        else drained = resolve;
      });
      for (const connection of all) connection.socket.destroy();
      return done;
    },
  };
}
