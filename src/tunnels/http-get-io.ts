import http from 'node:http';
import https from 'node:https';

export interface TextReply {
  status: number;
  body: string;
}

/**
 * A small GET with a hard timeout, for tunnel setup and metrics probes. node:http rather than undici
 * keeps the tunnel adapters light; callers only need status and text.
 */
export function httpGetText(
  url: string,
  options: { timeoutMs: number; headers?: Record<string, string>; signal?: AbortSignal },
): Promise<TextReply> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const lib = target.protocol === 'https:' ? https : http;
    const req = lib.get(
      target,
      {
        headers: { 'user-agent': 'wa-hook', ...options.headers },
        timeout: options.timeoutMs,
        signal: options.signal,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
  });
}
