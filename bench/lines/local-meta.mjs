// Local WhatsApp: `wa-hook up --local` takes 1,000 sends/s (Meta's highest throughput tier) for
// BENCH_LOCAL_SECONDS (default 30) from a paced keep-alive client, validates each send and answers it, then
// signs and POSTs the full ladder (sent, delivered, read) to its own receiver, which records everything in
// .wa-hook/events.jsonl. Reported: sends/s reached, refused or failed sends, statuses recorded vs expected
// (nothing lost), CPU ms per send of the whole `up` process. The peer named in the issue,
// @whatsapp-cloudapi/emulator, is not on the npm registry this bench can reach (`npm view` answers 404): no
// side-by-side row. bench/tools/profile-local.mjs profiles one send.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { cpuMs, startUp } from '../lib/procs.mjs';
import { readPage } from '../../dist/events/log/reader-io.js';
import { rotatedPath } from '../../dist/events/log/files-io.js';
import { parseRecordPayload } from '../../dist/events/facts.js';
import { absoluteLine, compareLine, infoLine } from '../lib/table.mjs';

const RATE = 1000;
const SECONDS = Number(process.env.BENCH_LOCAL_SECONDS ?? 30);
const TOKEN = 'EAAGbenchlocaltoken0123456789abcdef';
const PNID = '106540352242922';
const CUSTOMER = '16505551234';

/** The log and its rotated files (events.1.jsonl …), named as the writer names them. */
function logFiles(path) {
  return [path, ...Array.from({ length: 9 }, (_, i) => rotatedPath(path, i + 1))].filter((f) => existsSync(f));
}

function logSize(path) {
  return logFiles(path).reduce((sum, f) => sum + statSync(f).size, 0);
}

/**
 * Graph calls, and statuses by kind counted once per (wamid, status): a resend (redelivery) is no second status.
 * Read with wa-hook's own log reader, rotated files included: a 30 s run at 1,000 sends/s writes past the 64 MB
 * rotation.
 */
async function countLog(path) {
  const counts = { graph: 0, sent: 0, delivered: 0, read: 0, failed: 0 };
  const seen = new Set();
  const { records } = await readPage(path, { limit: Number.MAX_SAFE_INTEGER });
  for (const record of records) {
    if (record.kind === 'graph') counts.graph += 1;
    if (record.kind !== 'event') continue;
    const payload = parseRecordPayload(record);
    for (const entry of payload?.entry ?? [])
      for (const change of entry.changes ?? [])
        for (const status of change.value?.statuses ?? []) {
          const key = `${status.id} ${status.status}`;
          if (seen.has(key) || !(status.status in counts)) continue;
          seen.add(key);
          counts[status.status] += 1;
        }
  }
  return counts;
}

export async function localMetaLines() {
  const dir = mkdtempSync(join(tmpdir(), 'wa-hook-bench-local-'));
  writeFileSync(
    join(dir, '.env'),
    [
      'WHATSAPP_APP_SECRET=0123456789abcdef0123456789abcdef',
      `WHATSAPP_ACCESS_TOKEN=${TOKEN}`,
      `WHATSAPP_PHONE_NUMBER_ID=${PNID}`,
      'WHATSAPP_BUSINESS_ACCOUNT_ID=102290129340398',
      'WHATSAPP_VERIFY_TOKEN=bench-verify-token-0123456789abcdef',
      '',
    ].join('\n'),
  );
  // Every rotated file kept (WA_HOOK_LOG_KEEP): the run's statuses are counted in all of them.
  const up = await startUp(['--local', '--graph-port', '0', '--no-inspect'], dir, [], undefined, {
    WA_HOOK_LOG_KEEP: '9',
  });
  let pool;
  try {
    let graphUrl;
    for (let i = 0; i < 200 && !graphUrl; i++) {
      graphUrl = /local WhatsApp Graph API on (http:\/\/\S+)/.exec(up.stderr())?.[1];
      if (!graphUrl) await new Promise((r) => setTimeout(r, 25));
    }
    if (!graphUrl) throw new Error(`no local WhatsApp banner\n${up.stderr()}`);
    pool = new Pool(graphUrl, { connections: 32, pipelining: 1 });
    const send = async (body) => {
      const res = await pool.request({
        path: `/v24.0/${PNID}/messages`,
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body,
      });
      await res.body.dump();
      return res.statusCode;
    };
    // A customer writes first (the bench's own signed inbound is not needed: a template opens nothing, so use
    // the control-free path — a sample through the receiver — by POSTing Meta's text sample).
    const { execFileSync } = await import('node:child_process');
    execFileSync(process.execPath, [join(process.cwd(), 'bin', 'wa-hook.js'), 'send-sample', 'text'], {
      cwd: dir,
      stdio: 'ignore',
    });
    const body = JSON.stringify({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { body: 'bench' } });
    const cpuBefore = cpuMs(up.pid);
    const started = performance.now();
    let issued = 0;
    let ok = 0;
    let refused = 0;
    const inflight = new Set();
    // Paced: every 10 ms, the sends that bring the total to RATE × elapsed.
    while (performance.now() - started < SECONDS * 1000) {
      const due = Math.floor(((performance.now() - started) / 1000) * RATE);
      for (; issued < due; issued++) {
        const p = send(body).then(
          (status) => (status === 200 ? (ok += 1) : (refused += 1)),
          () => (refused += 1),
        );
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all([...inflight]);
    const elapsed = (performance.now() - started) / 1000;
    const logPath = join(dir, '.wa-hook', 'events.jsonl');
    const expected = ok * 3;
    // The ladder runs behind the answers: wait while the log still grows (a stall of 10 s, or 3 minutes, ends it),
    // then count once (counting parses every record: too heavy to repeat while up still works).
    const settleBy = Date.now() + 180_000;
    let lastSize = -1;
    let stalledSince = Date.now();
    while (Date.now() < settleBy && Date.now() - stalledSince <= 10_000) {
      await new Promise((r) => setTimeout(r, 500));
      const size = logSize(logPath);
      if (size !== lastSize) {
        lastSize = size;
        stalledSince = Date.now();
      }
    }
    const counts = await countLog(logPath);
    const cpu = cpuMs(up.pid) - cpuBefore;
    const statuses = counts.sent + counts.delivered + counts.read;
    const details = { seconds: elapsed, issued, ok, refused, counts, cpuMs: cpu };
    return {
      lines: [
        // Answered sends over the whole run, the drain of a backlog included: a server that falls behind misses.
        compareLine('local WhatsApp: sends/s answered vs the 1,000/s tier', ok / elapsed, RATE, { min: 0.95 }),
        absoluteLine('local WhatsApp: refused or failed sends', refused, { below: 1 }),
        absoluteLine('local WhatsApp: statuses never recorded (of 3 per send)', expected - statuses, { below: 1 }),
        infoLine(
          'local WhatsApp: CPU ms per send (whole up: validate, answer, 3 signed statuses, receiver, log)',
          (cpu / Math.max(ok, 1)).toFixed(3),
        ),
        infoLine(
          'local WhatsApp: run',
          `${SECONDS} s, ${ok.toLocaleString('en-US')} sends, ${statuses.toLocaleString('en-US')} statuses, ${counts.graph.toLocaleString('en-US')} graph events`,
        ),
      ],
      details,
    };
  } finally {
    await pool?.close();
    await up.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
