/**
 * Delivers local Meta's webhooks (statuses, customer messages) the way Meta does: a POST of the signed bytes
 * with Meta's headers, over kept-alive connections. Through an undici Pool: at 1,000 sends/s (3 statuses
 * each) node:http's ClientRequest (URL → options conversion, agent bookkeeping, a socket timeout armed per
 * request) cost more CPU than the rest of the status work; the profile in docs/performance.md says how much.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Pool } from 'undici';

export interface WebhookPoster {
  post(body: Buffer, signature: string): Promise<{ status?: number; error?: string }>;
  close(): void;
}

export function createWebhookPoster(webhookUrl: string, timeoutMs = 10_000): WebhookPoster {
  const url = new URL(webhookUrl);
  const path = `${url.pathname}${url.search}`;
  const pool = new Pool(url.origin, { connections: 64, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  return {
    post(body, signature) {
      return pool
        .request({
          method: 'POST',
          path,
          headers: {
            'content-type': 'application/json',
            'x-hub-signature-256': signature,
            'user-agent': 'facebookexternalua',
            accept: '*/*',
          },
          body,
        })
        .then(
          async (res) => {
            await res.body.dump().catch(() => {});
            return { status: res.statusCode };
          },
          (error: NodeJS.ErrnoException) => ({ error: error.code ?? error.message }),
        );
    },
    close() {
      void pool.destroy().catch(() => {});
    },
  };
}

/** GET callback?hub.mode=subscribe&…: what Meta does before it saves a callback URL. */
export function verifyCallbackUrl(
  callbackUrl: string,
  verifyToken: string,
  timeoutMs = 10_000,
): Promise<{ ok: true } | { ok: false; detail: string }> {
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    return Promise.resolve({ ok: false, detail: `${callbackUrl} is not a URL` });
  }
  const challenge = String(Math.floor(Math.random() * 1e9));
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.challenge', challenge);
  url.searchParams.set('hub.verify_token', verifyToken);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(
      url,
      {
        method: 'GET',
        timeout: timeoutMs,
        headers: { 'user-agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (text.length < 1000) text += c;
        });
        res.on('end', () =>
          resolve(
            res.statusCode === 200 && text.trim() === challenge
              ? { ok: true }
              : {
                  ok: false,
                  detail: `The URL couldn't be validated. Response does not match challenge, expected value="${challenge}", received="${text.slice(0, 60)}"`,
                },
          ),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ ok: false, detail: `URL couldn't be validated: ${e.code ?? e.message}` }),
    );
    req.end();
  });
}
