/**
 * How many live lines `up` prints per second. A terminal shows a few dozen lines a second that anyone can
 * read; a burst of thousands (`send-sample --count`, a load test, a flood through the tunnel) would only
 * scroll the screen and, at ~10 µs per summarized line, cost the receiver a sixth of its CPU. Above the budget
 * the requests of that second are counted instead, and one tally line says how many were not shown: every
 * one is still in the event log. Pure: the caller passes the clock.
 */
export const LIVE_LINES_PER_SECOND = 100;
const WINDOW_MS = 1_000;

/** The requests of one window that were recorded but not printed. */
export interface Tally {
  requests: number;
  /** Of those: refused or not recorded (red in the live view). */
  problems: number;
}

export class LiveBudget {
  private windowStart = Number.NEGATIVE_INFINITY;
  private shown = 0;
  private hidden = 0;
  private hiddenProblems = 0;

  constructor(private readonly perSecond = LIVE_LINES_PER_SECOND) {}

  /**
   * One request arrived at `now`: `show` says whether its lines may print; `tally` (when set) is what the
   * previous window held back, to print first.
   */
  admit(now: number, problem: boolean): { show: boolean; tally?: Tally } {
    const tally = now - this.windowStart >= WINDOW_MS ? this.close() : undefined;
    if (this.windowStart === Number.NEGATIVE_INFINITY) this.windowStart = now;
    if (this.shown < this.perSecond) {
      this.shown++;
      return { show: true, ...(tally ? { tally } : {}) };
    }
    this.hidden++;
    if (problem) this.hiddenProblems++;
    return { show: false, ...(tally ? { tally } : {}) };
  }

  /** When the current window ends (its tally is due then if nothing else arrives). */
  get windowEnd(): number {
    return this.windowStart + WINDOW_MS;
  }

  /** Ends the current window (its time is up, or `up` stops): what it held back, if anything. */
  close(): Tally | undefined {
    const tally = this.hidden > 0 ? { requests: this.hidden, problems: this.hiddenProblems } : undefined;
    this.windowStart = Number.NEGATIVE_INFINITY;
    this.shown = 0;
    this.hidden = 0;
    this.hiddenProblems = 0;
    return tally;
  }
}
