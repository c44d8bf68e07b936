/**
 * Delivers local Meta's webhooks (statuses, customer messages) the way Meta does: a POST of the signed bytes
 * with Meta's headers, over kept-alive connections. node:http, not undici: the server side of local Meta
 * stays on node's own stack.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface WebhookPoster {
  post(body: Buffer, signature: string): Promise<{ status?: number; error?: string }>;
  close(): void;
}

export function createWebhookPoster(webhookUrl: string, timeoutMs = 10_000): WebhookPoster {
  const url = new URL(webhookUrl);
  const https = url.protocol === 'https:';
  const agent = https
    ? new HttpsAgent({ keepAlive: true, maxSockets: 64 })
    : new HttpAgent({ keepAlive: true, maxSockets: 64 });
  const send = https ? httpsRequest : httpRequest;
  return {
    post(body, signature) {
      return new Promise((resolve) => {
        const req = send(
          url,
          {
            method: 'POST',
            agent,
            timeout: timeoutMs,
            headers: {
              'content-type': 'application/json',
              'content-length': String(body.length),
              'x-hub-signature-256': signature,
              'user-agent': 'facebookexternalua',
              accept: '*/*',
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode }));
            res.on('error', (error) => resolve({ status: res.statusCode, error: error.message }));
          },
        );
        req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
        req.end(body);
      });
    },
    close() {
      agent.destroy();
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
