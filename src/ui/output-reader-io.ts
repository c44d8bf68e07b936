/**
 * Notices that the reader of a pipe we write to went away (`wa-hook up | head -1`) while we have nothing to
 * write: a long-running command otherwise learns it only at its next line, and the shell waits for it until then.
 *
 * How: a zero-byte write sends nothing, yet fails with EPIPE once the other end is closed on a socket (what
 * Node, Python's asyncio and most process managers give a child as stdout), on macOS/BSD pipes (the kernel
 * checks the reader before the length) and on Windows pipes (ERROR_NO_DATA). Linux answers a zero-byte write
 * to a pipe with success whatever the reader did: there /proc tells which processes hold the pipe's read end
 * (`head` in `up | head -1`), found once, then checked at each tick; when none is seen at first (another
 * user's process, no /proc), the next real line still is what notices.
 */
import { fstatSync, readdirSync, readFileSync, readlinkSync, writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { errorCode } from '../errors-narrow.js';

/** Often enough that `| head -1` returns at once to a person, rare enough to cost nothing. */
export const READER_CHECK_MS = 500;

/** Calls `onGone` once when the reader of `stream` (a pipe or socket with an fd) is gone; returns a stop function. */
export function watchOutputReader(stream: Writable, onGone: () => void, everyMs = READER_CHECK_MS): () => void {
  const fd = 'fd' in stream ? stream.fd : undefined;
  if (typeof fd !== 'number' || !isPipeOrSocket(fd)) return () => {};
  // Found now, before the first line is written: `head -1` leaves as soon as it has it, and a reader that
  // is already gone cannot be found any more.
  const readers = process.platform === 'linux' && fstatSync(fd).isFIFO() ? findPipeReaders(fd) : [];
  const timer = setInterval(() => {
    if (readers.length > 0 && !readers.some(stillHolds)) {
      clearInterval(timer);
      onGone();
      return;
    }
    try {
      writeSync(fd, Buffer.alloc(0));
    } catch (error) {
      // EAGAIN and friends say nothing about the reader; only a broken pipe does.
      if (errorCode(error) !== 'EPIPE') return;
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

/** A read end of our pipe in another process: /proc/PID/fd/FD. */
interface PipeReader {
  path: string;
  pipe: string;
}

/** The other processes' descriptors open for reading on the same pipe as `fd` (Linux /proc; [] when unseen). */
function findPipeReaders(fd: number): PipeReader[] {
  try {
    const pipe = readlinkSync(`/proc/self/fd/${fd}`);
    const found: PipeReader[] = [];
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
      let fds: string[];
      try {
        fds = readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue; // another user's process, or gone
      }
      for (const n of fds) {
        const path = `/proc/${pid}/fd/${n}`;
        if (safeReadlink(path) === pipe && isReadEnd(pid, n)) found.push({ path, pipe });
      }
    }
    return found;
  } catch {
    return [];
  }
}

/** fdinfo's `flags` are octal open flags: the access mode (low two bits) 0 is O_RDONLY. */
function isReadEnd(pid: string, n: string): boolean {
  try {
    const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${n}`, 'utf8'))?.[1];
    return flags !== undefined && (parseInt(flags, 8) & 3) === 0;
  } catch {
    return false;
  }
}

function stillHolds(reader: PipeReader): boolean {
  return safeReadlink(reader.path) === reader.pipe;
}

function safeReadlink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}
