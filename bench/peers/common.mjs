// What every same-work peer shares: flags, the ready line, the HMAC check, the record and its log writer.
// Each peer does what wa-hook's receiver does per event (raw body, HMAC-SHA256 with timingSafeEqual,
// UTF-8 check, JSON.parse, one JSON record appended before the 200), in the most direct way its stack allows.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';

export const flags = parseArgs({
  options: {
    secret: { type: 'string', default: '' },
    log: { type: 'string' },
    target: { type: 'string' },
    batched: { type: 'boolean', default: false },
  },
}).values;

/** The one line the bench reads to learn the port; nothing else is printed on stdout. */
export function ready(server) {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

const EMPTY = Buffer.alloc(0);

/** X-Hub-Signature-256 check over the raw bytes, constant-time compare. */
export function signatureOk(header, body, secret = flags.secret) {
  const given =
    typeof header === 'string' && header.startsWith('sha256=') ? Buffer.from(header.slice(7), 'hex') : EMPTY;
  const expected = createHmac('sha256', secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let sequence = 0;
/** The same fields wa-hook records (id, time, method, url, headers, verdict, the body as text). */
export function recordLine(req, body, extra = {}) {
  const now = Date.now();
  return JSON.stringify({
    id: `evt_${now.toString(36)}${(sequence++).toString(36)}`,
    receivedAt: new Date(now).toISOString(),
    method: req.method,
    url: req.url,
    headers: req.headers,
    kind: 'event',
    status: 200,
    signature: 'valid',
    ...extra,
    body,
  });
}

/**
 * Append-only log. Per-request: one write(2) per record, synchronously, then `done()`. Batched (group
 * commit): records of one event-loop turn go out in one write(2) at the end of the turn, then every `done()`.
 */
export function openLog(path = flags.log, batched = flags.batched) {
  const fd = openSync(path, 'a');
  if (!batched) {
    return (line, done) => {
      writeSync(fd, `${line}\n`);
      done();
    };
  }
  let lines = [];
  let callbacks = [];
  const flush = () => {
    const text = `${lines.join('\n')}\n`;
    const waiting = callbacks;
    lines = [];
    callbacks = [];
    writeSync(fd, text);
    for (const done of waiting) done();
  };
  return (line, done) => {
    if (lines.length === 0) setImmediate(flush);
    lines.push(line);
    callbacks.push(done);
  };
}

export function reply(res, status, text, headers = { 'content-type': 'text/plain; charset=utf-8' }) {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
