/** The CLI side of the control routes (`wa-hook local …` → the running `up --local`). node:http, loopback only. */
import { request } from 'node:http';
import { CONTROL_PREFIX } from './control-io.js';
import { isRecord } from '../../json-narrow.js';

export interface ControlAnswer {
  status: number;
  json: Record<string, unknown>;
}

export function controlCall(
  graphUrl: string,
  token: string,
  method: 'GET' | 'POST' | 'DELETE',
  route: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<ControlAnswer> {
  const url = new URL(`${CONTROL_PREFIX}${route}`, graphUrl);
  const text = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        timeout: timeoutMs,
        headers: {
          'x-wa-hook-control': token,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(text)),
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          try {
            const json: unknown = JSON.parse(data || '{}');
            resolve({ status, json: isRecord(json) ? json : { error: data.slice(0, 200) } });
          } catch {
            resolve({ status, json: { error: data.slice(0, 200) } });
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.host} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(text);
  });
}
