#!/usr/bin/env node
// fastify with a raw-body content-type parser (the body as a Buffer, so the signature is checked over the
// bytes sent), then the same per-event work; records go through the same group-commit writer as wa-hook's.
import { isUtf8 } from 'node:buffer';
import Fastify from 'fastify';
import { openLog, ready, recordLine, signatureOk } from './common.mjs';

const append = openLog(undefined, true);
const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 });
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.post('/webhook', (request, reply) => {
  const body = request.body;
  if (!signatureOk(request.headers['x-hub-signature-256'], body)) return reply.code(401).send('bad signature\n');
  if (!isUtf8(body)) return reply.code(400).send('not UTF-8\n');
  const text = body.toString('utf8');
  try {
    JSON.parse(text);
  } catch {
    return reply.code(400).send('not JSON\n');
  }
  append(recordLine(request.raw, text), () => reply.code(200).type('text/plain').send('EVENT_RECEIVED'));
  return reply;
});
await app.listen({ port: 0, host: '127.0.0.1' });
ready(app.server);
