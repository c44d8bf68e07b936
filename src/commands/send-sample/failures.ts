/** Failure reporting shared by single sends, bursts and scenarios. */
import { CheckFailedError } from '../../errors.js';
import type { DeliveryVerdict } from '../../samples/send/send-verdict.js';
import type { Output } from '../../ui/output-io.js';

export interface FailureCause {
  label: string;
  hint?: string;
  count: number;
}

/** Groups failed verdicts by cause, first seen first. */
export function groupFailures(failed: DeliveryVerdict[]): FailureCause[] {
  const causes = new Map<string, FailureCause>();
  for (const v of failed) {
    const entry = causes.get(v.cause ?? v.label);
    if (entry) entry.count += 1;
    else causes.set(v.cause ?? v.label, { label: v.label, hint: v.hint, count: 1 });
  }
  return [...causes.values()];
}

/** Prints every failure cause but the first, and throws the first as the verdict (exit 1). */
export function failWith(out: Output, causes: FailureCause[], total: number, what: string): never {
  const failed = causes.reduce((n, c) => n + c.count, 0);
  const [first, ...rest] = causes;
  for (const c of rest) out.fail(`${c.count}× ${c.label}`, c.hint);
  const most = first ? ` (${first.count}× ${first.label})` : '';
  throw new CheckFailedError(`${failed} of ${total} ${what} failed${most}`, { hint: first?.hint });
}
