import http from 'node:http';
import { closeServer, listenOnLoopback, requestRaw, type RawReply } from './loopback-server.js';

export interface OriginRequest {
  method: string;
  url: string;
  rawHeaders: string[];
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A loopback origin on port 0 that records each request and answers with a fixed, recognisable body. */
export async function startEchoOrigin(): Promise<{
  port: number;
  requests: OriginRequest[];
  close: () => Promise<void>;
}> {
  const requests: OriginRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        rawHeaders: req.rawHeaders,
        headers: req.headers,
        body,
      });
      const url = new URL(req.url ?? '/', 'http://x');
      // Answers Meta's handshake like a receiver would, so self-tests through a tunnel can pass.
      const challenge = url.searchParams.get('hub.challenge');
      if (challenge) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(challenge);
      res
        .writeHead(200, { 'content-type': 'application/octet-stream', 'X-Origin-Echo': 'yes' })
        .end(Buffer.concat([Buffer.from('echo:'), body]));
    });
  });
  const port = await listenOnLoopback(server);
  return { port, requests, close: () => closeServer(server) };
}

/** One request with raw bytes; resolves with status, headers and body bytes. */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
): Promise<RawReply> {
  return requestRaw(url, { method: options.method ?? 'GET', headers: options.headers }, options.body);
}
