// Burst sender: `wa-hook send-sample text --count 20000 --concurrency 50` vs autocannon sending the same
// number of signed text messages over 50 connections to the same bare receiver. Both rates are each
// tool's own count / duration (process start-up excluded on both sides); rounds alternate.
import { APP_SECRET, signedText } from '../lib/payload.mjs';
import { BIN, autocannon, startBare, timeRun } from '../lib/procs.mjs';

const COUNT = 20_000;
const CONCURRENCY = 50;
const ROUNDS = 3;

/** Whether send-sample can send at all yet: one message must reach the bare server. */
async function senderBuilt(bare) {
  const before = await bare.count();
  const run = await timeRun(process.execPath, [
    BIN,
    'send-sample',
    'text',
    '--url',
    bare.url,
    '--app-secret',
    APP_SECRET,
    '--json',
  ]);
  return run.code === 0 && (await bare.count()) > before;
}

export async function senderLines() {
  const bare = await startBare();
  try {
    if (!(await senderBuilt(bare)))
      return { lines: [{ metric: 'burst sender (req/s)', na: 'n/a (not built yet)', target: '≥ 0.9×' }] };
    const { body, headers } = signedText();
    const runs = { ours: [], autocannon: [] };
    for (let i = 0; i < ROUNDS; i++) {
      const run = await timeRun(process.execPath, [
        BIN,
        'send-sample',
        'text',
        '--count',
        String(COUNT),
        '--concurrency',
        String(CONCURRENCY),
        '--url',
        bare.url,
        '--app-secret',
        APP_SECRET,
        '--json',
      ]);
      const result = JSON.parse(run.stdout.trim().split('\n').pop());
      if (result.ok !== COUNT) throw new Error(`send-sample burst: ${result.ok}/${COUNT} ok`);
      runs.ours.push({ rps: result.requestsPerSecond, p50: result.latencyMs.p50, wallMs: run.ms });
      const ac = await autocannon(bare.url, { body, headers, connections: CONCURRENCY, amount: COUNT });
      runs.autocannon.push({ rps: ac.requests.total / ac.duration, p50: ac.latency.p50 });
    }
    const best = (rs) => Math.max(...rs.map((r) => r.rps));
    const ours = best(runs.ours);
    const base = best(runs.autocannon);
    return {
      lines: [
        {
          metric: 'burst sender 20k × 50 conns (req/s)',
          ours,
          base,
          ratio: ours / base,
          target: '≥ 0.9× autocannon',
          met: ours / base >= 0.9,
        },
      ],
      details: { runs, count: COUNT, concurrency: CONCURRENCY },
    };
  } finally {
    await bare.stop();
  }
}
