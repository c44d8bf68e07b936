import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src/events/record/record.js';
import { LIVE_LINES_PER_SECOND, LiveBudget } from '../../../src/ui/up/live-budget.js';
import { createLiveView, type LiveViewClock } from '../../../src/ui/up/live-view.js';
import { createOutput } from '../../../src/ui/output-io.js';
import type { Ctx } from '../../../src/context.js';
import { eventRecord, textBody } from '../../helpers/event-log-fixture.js';

const event = (n: number, extra: Partial<EventRecord> = {}): EventRecord =>
  eventRecord({ id: `evt_${n}`, body: textBody('16505551234', `hello ${n}`), ...extra });

/** A clock the test moves, and the one timer the view may arm. */
function fakeClock() {
  let now = 1_000_000;
  let timer: { at: number; fn: () => void } | undefined;
  const clock: LiveViewClock = {
    now: () => now,
    later: (fn, ms) => {
      const armed = { at: now + ms, fn };
      timer = armed;
      return () => {
        if (timer === armed) timer = undefined;
      };
    },
  };
  return {
    clock,
    advance(ms: number) {
      now += ms;
      if (timer && timer.at <= now) {
        const { fn } = timer;
        timer = undefined;
        fn();
      }
    },
    get armed() {
      return timer !== undefined;
    },
  };
}

function capture(json = false) {
  const stdout: string[] = [];
  const stream = { write: (text: string) => (stdout.push(...text.split('\n').filter(Boolean)), true) };
  const ctx = { stdout: stream, stderr: stream, color: false } as unknown as Ctx;
  return { out: createOutput(ctx, json), stdout };
}

describe('LiveBudget', () => {
  it('admits the first lines of a second, holds back the rest and hands their tally to the next second', () => {
    const budget = new LiveBudget(3);
    const seen = [0, 10, 20, 30, 40].map((t) => budget.admit(t, t === 40));
    expect(seen.map((s) => s.show)).toEqual([true, true, true, false, false]);
    expect(budget.windowEnd).toBe(1_000);
    const next = budget.admit(1_000, false);
    expect(next).toEqual({ show: true, tally: { requests: 2, problems: 1 } });
    expect(budget.close()).toBeUndefined();
  });
});

describe('live view', () => {
  it(`prints ${LIVE_LINES_PER_SECOND} lines in a busy second, then one tally line when the second is over`, () => {
    const { out, stdout } = capture();
    const time = fakeClock();
    const view = createLiveView(out, time.clock);
    for (let i = 0; i < 250; i++) view.record(event(i), {});
    view.record(event(250, { kind: 'rejected', status: 401, signature: 'invalid', reason: 'signature-mismatch' }), {});
    expect(stdout).toHaveLength(LIVE_LINES_PER_SECOND);
    // Parsed from the stored body (the forwarder hands no payload): the message text is in the line.
    expect(stdout[0]).toContain('hello 0');
    expect(time.armed).toBe(true);
    time.advance(999);
    expect(stdout).toHaveLength(LIVE_LINES_PER_SECOND);
    time.advance(1);
    expect(stdout).toHaveLength(LIVE_LINES_PER_SECOND + 1);
    expect(stdout.at(-1)).toBe(
      '… 151 more request(s) in that second not shown (1 refused or not recorded): all are in the event log → wa-hook events',
    );
    // A quiet second after it: every line again.
    view.record(event(300), {});
    expect(stdout.at(-1)).toContain('hello 300');
  });

  it('says the tally before the next line when requests keep coming, and on close', () => {
    const { out, stdout } = capture();
    const time = fakeClock();
    const view = createLiveView(out, time.clock);
    for (let i = 0; i < LIVE_LINES_PER_SECOND + 5; i++) view.record(event(i), {});
    time.clock.now = () => 1_000_000 + 1_500; // the next request comes before the timer ran
    view.record(event(999), {});
    expect(stdout.slice(-2)).toEqual([
      '… 5 more request(s) in that second not shown: all are in the event log → wa-hook events',
      expect.stringContaining('hello 999') as string,
    ]);
    for (let i = 0; i < LIVE_LINES_PER_SECOND + 2; i++) view.record(event(i), {});
    view.close();
    expect(stdout.at(-1)).toMatch(/^… 3 more request\(s\)/);
  });

  it('with --json prints every request: a program reading the lines must not miss one', () => {
    const { out, stdout } = capture(true);
    const view = createLiveView(out, fakeClock().clock);
    for (let i = 0; i < 300; i++) view.record(event(i), {});
    view.close();
    expect(stdout).toHaveLength(300);
    expect(JSON.parse(stdout[299]!)).toMatchObject({ type: 'event', id: 'evt_299' });
  });
});
