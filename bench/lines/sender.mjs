// Burst sender: `wa-hook send-sample text --count 20000 --concurrency 50` vs autocannon sending the same
// number of signed text messages over 50 connections to the same bare receiver. Rates are each tool's own
// count / duration (process start-up excluded on both sides); CPU is the whole client process, sampled
// from /proc; rounds alternate, medians reported; then again with a core kept busy. The target is 0.7×: wa-hook
// renders and signs every body on its own (autocannon repeats one), through undici rather than raw sockets.
import { APP_SECRET, signedText } from '../lib/payload.mjs';
import { BIN, autocannon, startBare, startBusyLoop, timeRun } from '../lib/procs.mjs';
import { median } from '../lib/rounds.mjs';
import { compareLine, infoLine } from '../lib/table.mjs';

const COUNT = 20_000;
const CONCURRENCY = 50;
const ROUNDS = 3;

async function rounds(bare) {
  const { body, headers } = signedText();
  const runs = { ours: [], autocannon: [] };
  for (let i = 0; i < ROUNDS; i++) {
    const args = [BIN, 'send-sample', 'text', '--count', String(COUNT), '--concurrency', String(CONCURRENCY)];
    const run = await timeRun(process.execPath, [...args, '--url', bare.url, '--app-secret', APP_SECRET, '--json'], {
      sampleCpu: true,
    });
    const result = JSON.parse(run.stdout.trim().split('\n').pop());
    if (result.ok !== COUNT) throw new Error(`send-sample burst: ${result.ok}/${COUNT} ok`);
    runs.ours.push({ rps: result.requestsPerSecond, cpuUs: (run.cpuMs * 1000) / COUNT });
    const ac = await autocannon(bare.url, { body, headers, connections: CONCURRENCY, amount: COUNT, sampleCpu: true });
    runs.autocannon.push({ rps: ac.requests.total / ac.duration, cpuUs: (ac.clientCpuMs * 1000) / COUNT });
  }
  const m = (rs, key) => median(rs.map((r) => r[key]));
  return {
    runs,
    ours: m(runs.ours, 'rps'),
    base: m(runs.autocannon, 'rps'),
    oursCpu: m(runs.ours, 'cpuUs'),
    baseCpu: m(runs.autocannon, 'cpuUs'),
  };
}

export async function senderLines() {
  const bare = await startBare();
  try {
    const quiet = await rounds(bare);
    const busy = startBusyLoop();
    let loaded;
    try {
      loaded = await rounds(bare);
    } finally {
      await busy.stop('SIGKILL');
    }
    return {
      lines: [
        compareLine('sender 20k × c50 req/s vs autocannon', quiet.ours, quiet.base, { min: 0.7 }),
        compareLine('sender 20k × c50 req/s vs autocannon, loaded', loaded.ours, loaded.base, { min: 0.7 }),
        infoLine(
          '  client CPU µs/req (incl. start-up), wa-hook / autocannon',
          `${quiet.oursCpu.toFixed(1)} / ${quiet.baseCpu.toFixed(1)}`,
        ),
      ],
      details: { quiet, loaded, count: COUNT, concurrency: CONCURRENCY },
    };
  } finally {
    await bare.stop();
  }
}
