import { Chalk, type ChalkInstance } from 'chalk';

/** One chalk instance per run, coloured only when the context allows it (TTY, NO_COLOR, FORCE_COLOR). */
export function createTheme(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

export const SYMBOLS = { ok: '✔', warn: '⚠', fail: '✖', hint: '→', incoming: '←', outgoing: '→' } as const;
