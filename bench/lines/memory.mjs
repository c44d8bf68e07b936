// Memory: RSS of `wa-hook up` after 100,000 signed 60 KB events (autocannon c=50), read from /proc.
// Nothing may grow with load: no batch, queue or cache whose size follows the request rate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_SECRET, VERIFY_TOKEN, benchBodies } from '../lib/payload.mjs';
import { autocannon, rssMb, startUp } from '../lib/procs.mjs';
import { absoluteLine, infoLine } from '../lib/table.mjs';

const EVENTS = Number(process.env.BENCH_MEMORY_EVENTS ?? 100_000);

export async function memoryLines() {
  const dir = mkdtempSync(join(tmpdir(), 'wa-hook-bench-mem-'));
  const { body, headers } = benchBodies().large;
  const up = await startUp(['--app-secret', APP_SECRET, '--verify-token', VERIFY_TOKEN, '--no-inspect'], dir);
  try {
    const idle = rssMb(up.pid);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(up.pid) ?? 0)), 100);
    const r = await autocannon(up.url, { body, headers, connections: 50, amount: EVENTS });
    clearInterval(sampler);
    const after = rssMb(up.pid);
    return {
      lines: [
        absoluteLine(`RSS of \`up\` after ${EVENTS.toLocaleString('en-US')} events of 60 KB (MB)`, after, {
          below: 150,
          unit: ' MB',
        }),
        infoLine('  idle / peak during the run (MB)', `${idle.toFixed(0)} / ${peak.toFixed(0)}`),
      ],
      details: { idle, peak, after, ok: r['2xx'], bad: r.non2xx + r.errors, seconds: r.duration },
    };
  } finally {
    await up.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
