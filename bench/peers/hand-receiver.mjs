#!/usr/bin/env node
// The hand-written node:http receiver: the least code that does wa-hook's per-event work. `--batched`
// appends with group commit (one write per event-loop turn), otherwise one synchronous write per request.
import { isUtf8 } from 'node:buffer';
import { createServer } from 'node:http';
import { flags, openLog, ready, recordLine, reply, signatureOk } from './common.mjs';

const append = openLog();
const server = createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    chunks.push(chunk);
    size += chunk.length;
  });
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
    if (!signatureOk(req.headers['x-hub-signature-256'], body)) return reply(res, 401, 'bad signature\n');
    if (!isUtf8(body)) return reply(res, 400, 'not UTF-8\n');
    const text = body.toString('utf8');
    try {
      JSON.parse(text);
    } catch {
      return reply(res, 400, 'not JSON\n');
    }
    append(recordLine(req, text), () => reply(res, 200, 'EVENT_RECEIVED'));
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => ready(server));
void flags;
