/** Summary of a burst: throughput and latency percentiles (nearest-rank) from raw samples. */
export interface BurstSummary {
  sent: number;
  ok: number;
  failed: number;
  durationMs: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
}

/** Nearest-rank percentile of an ascending array; 0 for an empty one. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

/** `latencies` holds one entry per completed request (ok or failed), in any order. */
export function summarizeBurst(latencies: Float64Array, ok: number, failed: number, durationMs: number): BurstSummary {
  const sorted = Float64Array.from(latencies).sort();
  const sent = ok + failed;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    sent,
    ok,
    failed,
    durationMs: round(durationMs),
    requestsPerSecond: durationMs > 0 ? Math.round((sent * 1000) / durationMs) : 0,
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? 0),
    },
  };
}
