/**
 * The deadline for work that is slow by nature (a whole `tsc` type check, `npm pack` / `npm install` of the
 * tarball): on a busy 2-core machine it can take minutes, and the suite's 30 s default would turn load into
 * failures. The figure is a safety net against a hang, not a speed requirement.
 */
export const SLOW_WORK_TIMEOUT_MS = 10 * 60_000;
