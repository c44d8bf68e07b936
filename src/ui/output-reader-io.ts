/**
 * Notices that the reader of a pipe we write to went away (`wa-hook up | head -1`) while we have nothing to
 * write: a long-running command otherwise learns it only at its next line, and the shell waits for it until then.
 *
 * How: a zero-byte write sends nothing, yet fails with EPIPE once the other end is closed on a socket (what
 * Node, Python's asyncio and most process managers give a child as stdout), on macOS/BSD pipes (the kernel
 * checks the reader before the length) and on Windows pipes (ERROR_NO_DATA). Linux answers a zero-byte write
 * to a pipe with success whatever the reader did, so there the next real line still is what notices.
 */
import { fstatSync, writeSync } from 'node:fs';
import type { Writable } from 'node:stream';

/** Often enough that `| head -1` returns at once to a person, rare enough to cost nothing. */
export const READER_CHECK_MS = 500;

/** Calls `onGone` once when the reader of `stream` (a pipe or socket with an fd) is gone; returns a stop function. */
export function watchOutputReader(stream: Writable, onGone: () => void, everyMs = READER_CHECK_MS): () => void {
  const fd = (stream as { fd?: unknown }).fd;
  if (typeof fd !== 'number' || !isPipeOrSocket(fd)) return () => {};
  const timer = setInterval(() => {
    try {
      writeSync(fd, Buffer.alloc(0));
    } catch (error) {
      // EAGAIN and friends say nothing about the reader; only a broken pipe does.
      if ((error as NodeJS.ErrnoException).code !== 'EPIPE') return;
      clearInterval(timer);
      onGone();
    }
  }, everyMs);
  // Never what keeps the process alive.
  timer.unref();
  return () => clearInterval(timer);
}

function isPipeOrSocket(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}
