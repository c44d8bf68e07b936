// Interleaved load rounds: every side gets the same autocannon run, round after round, in an order that
// rotates each round, so drift on a shared machine hits all sides alike. Per side: the median round.
import { autocannon, cpuMs } from './procs.mjs';

export const median = (xs) => {
  const sorted = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** One autocannon run against a server process, with the server's CPU time over that run. */
export async function measure(side, { body, headers, connections, seconds }) {
  const before = cpuMs(side.pid);
  const r = await autocannon(side.url, { body, headers, connections, duration: seconds });
  const cpu = cpuMs(side.pid) - before;
  const answered = r['2xx'] + r.non2xx;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    ok: r['2xx'],
    bad: r.non2xx + r.errors + r.timeouts,
    // Server CPU (user + system) per request: steadier than req/s on a shared machine.
    cpuUs: (cpu * 1000) / Math.max(1, answered),
  };
}

/**
 * `rounds` interleaved rounds over `sides` (after a short warm-up of each); returns per side the median
 * req/s, median CPU µs per request, failures, and every round.
 */
export async function interleaved(sides, load, { rounds = 3, warmup = 1 } = {}) {
  for (const side of sides) await measure(side, { ...load, seconds: warmup });
  const runs = Object.fromEntries(sides.map((s) => [s.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = sides.map((_, i) => sides[(i + round) % sides.length]);
    for (const side of order) runs[side.name].push(await measure(side, load));
  }
  const out = {};
  for (const side of sides) {
    const rs = runs[side.name];
    out[side.name] = {
      rps: median(rs.map((r) => r.rps)),
      cpuUs: median(rs.map((r) => r.cpuUs)),
      p50: median(rs.map((r) => r.p50)),
      bad: rs.reduce((n, r) => n + r.bad, 0),
      rounds: rs,
    };
  }
  return out;
}
