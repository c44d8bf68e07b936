import { Writable } from 'node:stream';
import { SYMBOLS } from './theme.js';

export interface CoalescedStreams {
  stdout: Writable;
  stderr: Writable;
  /** Writes everything pending now (also done automatically once per event-loop turn). */
  flush(): void;
}

/** Unwritten bytes a stream may hold before further lines for it are skipped (and counted). */
export const MAX_QUEUED_BYTES = 1024 * 1024;

/**
 * stdout/stderr whose writes within one event-loop turn go out as one write per stream run. `up` prints a
 * line per request; as one write(2) each on a pipe (synchronous on Linux) that was ~15% of the receiver's
 * CPU at 20k events/s. Lines keep their order across both streams: a run of stdout lines is written
 * before the stderr line that followed it. Nothing is held beyond the current turn.
 */
export function coalesceStreams(stdout: Writable, stderr: Writable): CoalescedStreams {
  // Consecutive text for the same stream is appended to one string: runs[i] goes to targets[i].
  let targets: Writable[] = [];
  let runs: string[] = [];
  let scheduled = false;

  const dropped = new Map<Writable, number>();

  /**
   * Writes a run unless its stream already holds more than MAX_QUEUED_BYTES unwritten: a reader that does not
   * keep up (`up --json | slow-consumer`) must cost neither memory that grows with the event rate nor time in
   * the receiver. Skipped lines are counted and said once the stream has caught up (every event is in the log).
   */
  const writeRun = (target: Writable, text: string): void => {
    if (target.writableLength > MAX_QUEUED_BYTES) {
      let lines = 0;
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
      dropped.set(target, (dropped.get(target) ?? 0) + lines);
      return;
    }
    const skipped = dropped.get(target);
    if (skipped !== undefined) {
      dropped.delete(target);
      const which = target === stdout ? 'stdout' : 'stderr';
      stderr.write(
        `${SYMBOLS.warn} ${skipped} line(s) not printed: ${which} was not keeping up (every event is in the event log)\n`,
      );
    }
    target.write(text);
  };

  const flush = (): void => {
    scheduled = false;
    if (targets.length === 0) return;
    const writeTo = targets;
    const texts = runs;
    targets = [];
    runs = [];
    writeTo.forEach((target, i) => writeRun(target, texts[i] ?? ''));
  };

  const push = (target: Writable, text: string): void => {
    const last = targets.length - 1;
    if (last >= 0 && targets[last] === target) runs[last] += text;
    else {
      targets.push(target);
      runs.push(text);
    }
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  /** A plain Writable per stream: each write appends to the pending run of its stream. */
  const wrap = (target: Writable): Writable =>
    new Writable({
      decodeStrings: false,
      write(chunk: string | Buffer, _encoding, callback) {
        push(target, typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
        callback();
      },
    });

  return { stdout: wrap(stdout), stderr: wrap(stderr), flush };
}
