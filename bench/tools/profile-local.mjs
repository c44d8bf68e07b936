#!/usr/bin/env node
// Profiles `wa-hook up --local` under a steady stream of sends: `node bench/tools/profile-local.mjs [seconds]
// [rate] [bin]` starts `up --local` with `node --cpu-prof`, offers `rate` sends/s (default 300) for `seconds`
// (default 10) to its local Graph API, waits for the status ladders to settle, stops it and prints the
// functions and files with the most self time, plus CPU ms per send from /proc. The .cpuprofile is kept
// (its path is printed) for Chrome DevTools or speedscope. `bin` lets the same run profile an older build.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { BIN, cpuMs, startUp } from '../lib/procs.mjs';

const SECONDS = Number(process.argv[2] ?? 10);
const RATE = Number(process.argv[3] ?? 300);
const bin = process.argv[4] ?? BIN;
const TOKEN = 'EAAGbenchlocaltoken0123456789abcdef';
const PNID = '106540352242922';
const SECRET = '0123456789abcdef0123456789abcdef';

const dir = mkdtempSync(join(tmpdir(), 'wa-hook-profile-local-'));
const profDir = join(dir, 'prof');
writeFileSync(
  join(dir, '.env'),
  [
    `WHATSAPP_APP_SECRET=${SECRET}`,
    `WHATSAPP_ACCESS_TOKEN=${TOKEN}`,
    `WHATSAPP_PHONE_NUMBER_ID=${PNID}`,
    'WHATSAPP_BUSINESS_ACCOUNT_ID=102290129340398',
    'WHATSAPP_VERIFY_TOKEN=bench-verify-token-0123456789abcdef',
    '',
  ].join('\n'),
);
const up = await startUp(
  ['--local', '--graph-port', '0', '--no-inspect'],
  dir,
  ['--cpu-prof', '--cpu-prof-dir', profDir],
  bin,
);
let graphUrl;
for (let i = 0; i < 400 && !graphUrl; i++) {
  graphUrl = /local WhatsApp Graph API on (http:\/\/\S+)/.exec(up.stderr())?.[1];
  if (!graphUrl) await new Promise((r) => setTimeout(r, 25));
}
if (!graphUrl) throw new Error(`no local WhatsApp banner\n${up.stderr()}`);
const { execFileSync } = await import('node:child_process');
execFileSync(process.execPath, [bin, 'send-sample', 'text'], { cwd: dir, stdio: 'ignore' });
const pool = new Pool(graphUrl, { connections: 16 });
const body = JSON.stringify({ messaging_product: 'whatsapp', to: '16505551234', type: 'text', text: { body: 'hi' } });
const cpuBefore = cpuMs(up.pid);
const started = performance.now();
let issued = 0;
let ok = 0;
const inflight = new Set();
while (performance.now() - started < SECONDS * 1000) {
  const due = Math.floor(((performance.now() - started) / 1000) * RATE);
  for (; issued < due; issued++) {
    const p = pool
      .request({
        path: `/v24.0/${PNID}/messages`,
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body,
      })
      .then(async (res) => {
        await res.body.dump();
        if (res.statusCode === 200) ok += 1;
      });
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }
  await new Promise((r) => setTimeout(r, 10));
}
await Promise.all([...inflight]);
// The default ladder ends with `read` a few seconds after the send: let it finish before measuring.
await new Promise((r) => setTimeout(r, 6000));
const cpu = cpuMs(up.pid) - cpuBefore;
await pool.close();
await up.stop('SIGINT');
const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8'));
const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(profile.samples.length, 1);
const byFn = new Map();
const byFile = new Map();
let total = 0;
for (const node of profile.nodes) {
  const ms = node.hitCount * interval;
  total += ms;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, 'node_modules/')
    .replace(/.*\/dist\//, 'dist/');
  const fn = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
  const group = where === '' ? `(${functionName})` : where.startsWith('node:') ? where : where.split(':')[0];
  byFile.set(group, (byFile.get(group) ?? 0) + ms);
}
const top = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
console.log(
  `${bin}: ${ok} sends in ${SECONDS} s, ${(cpu / Math.max(ok, 1)).toFixed(3)} CPU ms per send, load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log(
  `profile ${join(profDir, file)}\n\nself time by file:\n${top(byFile, 25)}\n\nself time by function:\n${top(byFn, 40)}`,
);
