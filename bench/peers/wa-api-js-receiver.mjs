#!/usr/bin/env node
// whatsapp-api-js's documented webhook entry point, `post(data, raw_body, signature)` (it checks the
// signature with WebCrypto and dispatches the message to `on.message`), behind node:http; the record is
// appended with the same group-commit writer as wa-hook's before the 200.
import { isUtf8 } from 'node:buffer';
import { createServer } from 'node:http';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { flags, openLog, ready, recordLine, reply } from './common.mjs';

const append = openLog(undefined, true);
const api = new WhatsAppAPI({ token: 'bench', appSecret: flags.secret, webhookVerifyToken: 'bench', v: 'v23.0' });
api.on.message = () => {};
api.on.status = () => {};

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (!isUtf8(body)) return reply(res, 400, 'not UTF-8\n');
    const text = body.toString('utf8');
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      return reply(res, 400, 'not JSON\n');
    }
    const signature = String(req.headers['x-hub-signature-256'] ?? '');
    api.post(data, text, signature).then(
      () => append(recordLine(req, text), () => reply(res, 200, 'EVENT_RECEIVED')),
      (error) => reply(res, typeof error?.httpStatus === 'number' ? error.httpStatus : 500, `${error?.message}\n`),
    );
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => ready(server));
