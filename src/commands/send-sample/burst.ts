/**
 * `send-sample --count N --concurrency C`: exactly N requests through one keep-alive pool, C in
 * flight. Each request gets fresh ids, rendered through a precompiled template and signed over its
 * own bytes; the only await per request is the response. Ctrl-C stops issuing, gives in-flight
 * requests a moment, then aborts them and reports what was done.
 */
import { compileTemplate, isOutboundTemplate, templatePlaceholders, type Template } from '../../samples/render.js';
import { summarizeBurst, type BurstSummary } from '../../samples/send/burst-stats.js';
import { judgeDelivery, type DeliveryContext, type DeliveryVerdict } from '../../samples/send/send-verdict.js';
import type { IdFactory } from '../../samples/ids.js';
import type { Sender } from '../../samples/send/sender-io.js';

/** How long in-flight requests may finish after Ctrl-C before they are aborted. */
const DRAIN_MS = 2000;

export interface BurstInput {
  template: Template;
  vars: Record<string, string>;
  ids: IdFactory;
  sign: (body: Buffer) => string | undefined;
  sender: Sender;
  count: number;
  concurrency: number;
  judge: DeliveryContext;
  signal: AbortSignal;
}

export interface BurstResult extends BurstSummary {
  interrupted: boolean;
  statuses: Record<string, number>;
  /** Accepted but slower than the slow-acknowledgement threshold (events/ack-time.ts). */
  slow: number;
  /** One entry per failure cause, with how often it happened and its hint. */
  failures: Array<{ cause: string; label: string; count: number; hint?: string }>;
}

export async function runBurst(input: BurstInput): Promise<BurstResult> {
  const { template, vars, ids, sign, sender, count, signal } = input;
  const render = compileTemplate(template);
  const latencies = new Float64Array(count);
  const statuses: Record<string, number> = {};
  const failures = new Map<string, { cause: string; label: string; count: number; hint?: string }>();
  const usesContext = templatePlaceholders(template).includes('context_wamid');
  const wamidOptions = { peer: vars.from, outbound: isOutboundTemplate(template) };
  const contextOptions = { peer: vars.from, outbound: true };
  render(vars); // throws on a missing value before the clock starts
  let issued = 0;
  let done = 0;
  let ok = 0;
  let slow = 0;
  let second = -1;
  let stopped = signal.aborted;

  let drainTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    stopped = true;
    drainTimer = setTimeout(() => void sender.destroy(), DRAIN_MS);
  };
  signal.addEventListener('abort', onAbort, { once: true });

  const record = (verdict: DeliveryVerdict) => {
    const cause = verdict.cause ?? 'error';
    const entry = failures.get(cause);
    if (entry) entry.count += 1;
    else failures.set(cause, { cause, label: verdict.label, count: 1, hint: verdict.hint });
  };

  const worker = async () => {
    while (issued < count && !stopped) {
      issued += 1;
      const nowMs = Date.now();
      // The timestamp string changes once a second; don't rebuild it per request.
      if (Math.floor(nowMs / 1000) !== second) {
        second = Math.floor(nowMs / 1000);
        vars.timestamp = String(second);
      }
      vars.wamid = ids.wamid(wamidOptions);
      if (usesContext) vars.context_wamid = ids.wamid(contextOptions);
      const body = Buffer.from(render(vars), 'latin1');
      const result = await sender.send(body, sign(body));
      latencies[done++] = result.ms;
      if (result.status !== undefined) statuses[result.status] = (statuses[result.status] ?? 0) + 1;
      // The verdict, not the status: a negative test passes when it is refused.
      const verdict = judgeDelivery(result, input.judge);
      if (verdict.ok) ok += 1;
      else record(verdict);
      if (verdict.ok && verdict.slow) slow += 1;
    }
  };

  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: Math.min(input.concurrency, count) }, worker));
  } finally {
    signal.removeEventListener('abort', onAbort);
    clearTimeout(drainTimer);
  }
  const durationMs = performance.now() - started;
  const summary = summarizeBurst(latencies.subarray(0, done), ok, done - ok, durationMs);
  return { ...summary, interrupted: stopped && done < count, statuses, slow, failures: [...failures.values()] };
}
