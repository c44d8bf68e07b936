import type { EventRecord } from '../../events/record/record.js';
import type { SlowAck } from '../../events/ack-time.js';
import { isProblem } from '../../events/probe.js';
import { LiveBudget } from './live-budget.js';
import type { Output } from '../output-io.js';
import { renderRecord, renderTally } from './up-view.js';

export interface LiveViewClock {
  now(): number;
  /** Runs `fn` after `ms`; returns a cancel function. The timer must not keep the process alive. */
  later(fn: () => void, ms: number): () => void;
}

export interface LiveView {
  record(record: EventRecord, details: { payload?: unknown; hint?: string; slowAck?: SlowAck }): void;
  /** Says what the current second held back, now (`up` is stopping). */
  close(): void;
}

const realClock: LiveViewClock = {
  now: () => Date.now(),
  later: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/**
 * `up`'s line per request, within LIVE_LINES_PER_SECOND in the terminal (live-budget.ts). With --json every
 * request still gets its line: a program reading them must not miss one.
 */
export function createLiveView(out: Output, clock: LiveViewClock = realClock): LiveView {
  const budget = new LiveBudget();
  let cancel: (() => void) | undefined;
  const sayTally = () => {
    cancel?.();
    cancel = undefined;
    const tally = budget.close();
    if (tally) renderTally(out, tally);
  };
  return {
    record(record, details) {
      if (out.json) {
        renderRecord(out, record, details);
        return;
      }
      const { show, tally } = budget.admit(clock.now(), isProblem(record));
      if (tally) {
        cancel?.();
        cancel = undefined;
        renderTally(out, tally);
      }
      if (show) renderRecord(out, record, details);
      // The first request held back arms the tally for the end of its second, in case nothing follows.
      else cancel ??= clock.later(sayTally, Math.max(0, budget.windowEnd - clock.now()));
    },
    close: sayTally,
  };
}
