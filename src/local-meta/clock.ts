/**
 * The local clock: real time (or a test's injected time) plus an offset the user moves with
 * `wa-hook local clock +25h`. Everything time-based in local Meta reads it: the 24-hour customer service
 * window, status timestamps, media URL expiry.
 */
export interface MovableClock {
  now(): number;
  advance(ms: number): void;
  /** How far the clock has been moved, in ms. */
  readonly offsetMs: number;
}

export function createMovableClock(base: () => number = Date.now): MovableClock {
  let offset = 0;
  return {
    now: () => base() + offset,
    advance(ms: number) {
      offset += ms;
    },
    get offsetMs() {
      return offset;
    },
  };
}

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `+25h`, `90m`, `-1d`, `+1h30m` → milliseconds; undefined when it is not such an amount. */
export function parseClockShift(text: string): number | undefined {
  const match = /^\s*([+-]?)((?:\d+[smhd])+)\s*$/i.exec(text);
  if (!match) return undefined;
  const [, sign, amounts = ''] = match;
  let ms = 0;
  for (const [, count, unit = ''] of amounts.matchAll(/(\d+)([smhd])/gi)) {
    const unitMs = UNIT_MS[unit.toLowerCase()];
    if (unitMs === undefined) return undefined;
    ms += Number(count) * unitMs;
  }
  return sign === '-' ? -ms : ms;
}

/** 90000000 → "+25h", -5400000 → "-1h30m". */
export function formatShift(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  let rest = Math.abs(ms);
  let out = '';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return `${sign}${out || '0s'}`;
}
