// Event log cost per record (issue 17): bytes on disk and CPU per append+flush, the previous format
// (JSON.stringify of the whole record, batch joined into one string, Buffer.from, write) against the
// current one (JSON body bytes written verbatim with writev), for a 624 B text event, a 60 KB non-ASCII
// event (Meta escapes it as \uXXXX) and a refused 12 MiB body of control bytes; then what batched fdatasync
// costs. Run: npm run build && node bench/lines/event-log.mjs
import { isUtf8 } from 'node:buffer';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog } from '../../dist/events/log/writer-io.js';
import { storedBody, newEventId } from '../../dist/events/record/fields.js';
import { toMetaBytes } from '../../dist/samples/bytes/meta-bytes.js';
import { signedText } from '../lib/payload.mjs';

// fdatasync means nothing on tmpfs: BENCH_LOG_DIR=/path/on/a/disk to measure it.
const BASE = process.env.BENCH_LOG_DIR ?? tmpdir();
const BATCH = 50; // records per event-loop turn, as under autocannon c=50
const ROUNDS = 5;

function contactsEvent() {
  const names = ['Zoë Ñandú', 'Łukasz Żółć', 'Даша Иванова', '王小明', 'Søren Ærø', 'José Muñoz'];
  const contacts = [];
  for (let i = 0; toMetaBytes({ contacts }).length < 60_000; i++) {
    contacts.push({
      name: { formatted_name: names[i % names.length], first_name: 'Ève' },
      phones: [{ phone: `+1 650 555 ${1000 + i}`, type: 'CELL' }],
    });
  }
  return toMetaBytes({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { messages: [{ type: 'contacts', contacts }] } }] }],
  });
}

const headers = { ...signedText().headers, host: 'x.trycloudflare.com', 'content-length': '624' };
const recordOf = (fields) => ({
  id: newEventId(),
  receivedAt: new Date().toISOString(),
  method: 'POST',
  url: '/webhook',
  headers,
  kind: 'event',
  status: 200,
  signature: 'valid',
  ...fields,
});

/** The previous writer: one string per batch, then Buffer.from and write. */
class OldLog {
  constructor(path) {
    this.fd = openSync(path, 'a', 0o600);
    this.lines = [];
    this.waiters = [];
    this.scheduled = false;
  }
  append(record) {
    return new Promise((resolve) => {
      this.lines.push(JSON.stringify(record));
      this.waiters.push(resolve);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }
  flush() {
    this.scheduled = false;
    const bytes = Buffer.from(`${this.lines.join('\n')}\n`, 'utf8');
    const w = this.waiters;
    this.lines = [];
    this.waiters = [];
    for (let o = 0; o < bytes.length;) o += writeSync(this.fd, bytes, o);
    for (const r of w) r();
  }
  async close() {
    closeSync(this.fd);
  }
}

/** Old receiver path: isUtf8 twice (once to refuse, once in bodyFields) and the body as an escaped string. */
const oldFields = (body, refused) =>
  refused && !isUtf8(body) ? { bodyBase64: body.toString('base64') } : { body: body.toString('utf8') };

async function measure(kind, body, { refused = false, count, fsync = false } = {}) {
  const dir = mkdtempSync(join(BASE, 'wa-hook-bench-log-'));
  const path = join(dir, 'events.jsonl');
  const log = kind === 'old' ? new OldLog(path) : await EventLog.open(path, { maxBytes: 2 ** 40, fsync });
  const cpu = [];
  const wall = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.cpuUsage();
    const t0 = performance.now();
    for (let done = 0; done < count; done += BATCH) {
      const batch = [];
      for (let k = 0; k < BATCH && done + k < count; k++) {
        if (kind === 'old')
          batch.push(log.append(recordOf({ kind: refused ? 'rejected' : 'event', ...oldFields(body, refused) })));
        else {
          const s = refused
            ? storedBody(body, { refused: true })
            : storedBody(body, { utf8: true, text: body.toString('utf8'), json: true });
          batch.push(log.append(recordOf({ kind: refused ? 'rejected' : 'event', ...s.fields }), s.json));
        }
      }
      await Promise.all(batch);
    }
    const used = process.cpuUsage(start);
    cpu.push((used.user + used.system) / count);
    wall.push(((performance.now() - t0) * 1000) / count);
  }
  await log.close();
  const bytes = statSync(path).size / (count * ROUNDS);
  rmSync(dir, { recursive: true, force: true });
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { bytes, cpuUs: median(cpu), wallUs: median(wall) };
}

const small = signedText().body;
const big = contactsEvent();
const junk = Buffer.alloc(12 * 1024 * 1024, 1);
const cases = [
  [`${small.length} B text event`, small, { count: 20_000 }],
  [`${(big.length / 1000).toFixed(0)} KB non-ASCII event`, big, { count: 1_000 }],
  ['refused 12 MiB control bytes', junk, { refused: true, count: 4 }],
];
const fmt = (n, d = 1) => n.toFixed(d).padStart(9);
console.log(`event log, per record (median of ${ROUNDS} rounds, batches of ${BATCH}):`);
console.log(
  `${'case'.padEnd(30)} ${'old B'.padStart(11)} ${'new B'.padStart(9)} ${'old µs'.padStart(9)} ${'new µs'.padStart(9)}  cpu ratio`,
);
for (const [name, body, opts] of cases) {
  const oldR = await measure('old', body, opts);
  const newR = await measure('new', body, opts);
  console.log(
    `${name.padEnd(30)} ${fmt(oldR.bytes, 0).padStart(11)} ${fmt(newR.bytes, 0)} ${fmt(oldR.cpuUs)} ${fmt(newR.cpuUs)}  ${(newR.cpuUs / oldR.cpuUs).toFixed(2)}×`,
  );
}
// fdatasync: one per batch, the acknowledgement waits for the disk.
for (const [name, body, count] of [
  [`${small.length} B text event`, small, 5_000],
  [`${(big.length / 1000).toFixed(0)} KB event`, big, 1_000],
]) {
  const off = await measure('new', body, { count });
  const on = await measure('new', body, { count, fsync: true });
  console.log(
    `fdatasync per batch of ${BATCH}, ${name}: ${fmt(off.wallUs)} → ${fmt(on.wallUs)} µs wall per record, cpu ${fmt(off.cpuUs)} → ${fmt(on.cpuUs)} µs (${BASE})`,
  );
}
