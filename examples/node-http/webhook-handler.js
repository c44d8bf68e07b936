// A minimal WhatsApp webhook handler on node:http, the way a bot should write one: answer Meta's verification
// GET with the bare challenge, check X-Hub-Signature-256 over the raw bytes before parsing, acknowledge fast.
// It depends on nothing but Node; wa-hook is only used by its tests (webhook-handler.test.js).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

function signatureIsValid(rawBody, header, appSecret) {
  const expected = Buffer.from(`sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`);
  const given = Buffer.from(String(header ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `onMessage(message, value)` is called for every inbound message of every `messages` change. */
export function createWebhookServer({ verifyToken, appSecret, onMessage, onStatus = () => {} }) {
  return createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (req.method === 'GET') {
      const ok =
        url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === verifyToken;
      res.writeHead(ok ? 200 : 403, { 'content-type': 'text/plain' });
      return res.end(ok ? url.searchParams.get('hub.challenge') : 'forbidden');
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (!signatureIsValid(raw, req.headers['x-hub-signature-256'], appSecret)) {
        res.writeHead(401);
        return res.end('bad signature');
      }
      const payload = JSON.parse(raw.toString('utf8'));
      res.writeHead(200);
      res.end('EVENT_RECEIVED');
      for (const entry of payload.entry ?? []) {
        for (const change of entry.changes ?? []) {
          if (change.field !== 'messages') continue;
          for (const message of change.value.messages ?? []) onMessage(message, change.value);
          for (const status of change.value.statuses ?? []) onStatus(status, change.value);
        }
      }
    });
  });
}
