import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
  writevSync,
} from 'node:fs';
import type { EventRecord } from '../record/record.js';
import { encodedLength, encodeRecord, type EncodedRecord } from '../record/line.js';
import { openForAppend, rotatedPath } from './files-io.js';
import { refusedBudgetNotice, rotationNotice, writeFailure } from './messages.js';
import { DEFAULT_KEEP, DEFAULT_MAX_BYTES } from './options.js';
import { errorCode } from '../../errors-narrow.js';

/**
 * The share of each log file refused requests may take (bad or missing signature, not JSON, too large, a
 * verification with the wrong token): 16 MB of the default 64 MB.
 */
export const REFUSED_SHARE = 1 / 4;

/** Traffic the receiver turned away: what anyone who finds the public URL can send as much of as they like. */
export function isRefused(record: Pick<EventRecord, 'kind' | 'status'>): boolean {
  return record.kind === 'rejected' || (record.kind === 'verification' && record.status !== 200);
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface EventLogOptions {
  /** Rotate once the file would grow past this many bytes (default 64 MiB). */
  maxBytes?: number;
  /** Rotated files kept: `events.1.jsonl` (newest) … `events.N.jsonl` (default 3; 0 = delete on rotation). */
  keep?: number;
  /** fdatasync each batch before acknowledging it (power-loss safe; costs a disk flush per batch). */
  fsync?: boolean;
  /** A line for the terminal (rotation). */
  onNotice?: (text: string) => void;
}

/**
 * Append-only log with group commit: every record appended during one event-loop turn goes out in a
 * single writev() at the end of that turn. Each append resolves only after its bytes reached the OS (and
 * the disk, with `fsync`), so the receiver never acknowledges (200) an event that a crash of this process
 * could lose. Without `fsync` a power loss can still lose the last records: the kernel writes them later.
 *
 * The write is synchronous on purpose: a batch is a copy into the page cache (tens of µs), while the
 * thread-pool round trip of an async write cost more CPU per event and left the receiver waiting.
 * Bodies that are JSON go out as the received Buffers (no escaping, no string join, no re-encoding).
 */
export class EventLog {
  private parts: Array<string | Buffer> = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  private closed = false;
  private syncing = false;
  private unsynced: Waiter[] = [];
  /** A rotated-away fd whose fdatasync is still running: closed when it ends. */
  private closeAfterSync?: number;
  private readonly maxBytes: number;
  private readonly keep: number;
  /** Bytes of refused requests written to the current file (their own budget: REFUSED_SHARE of it). */
  private refusedBytes = 0;
  /** Refused requests not recorded since the current file started, because their budget was spent. */
  private refusedDropped = 0;

  private constructor(
    private fd: number,
    private size: number,
    readonly path: string,
    private readonly options: EventLogOptions,
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.keep = options.keep ?? DEFAULT_KEEP;
  }

  static open(path: string, options: EventLogOptions = {}): Promise<EventLog> {
    try {
      return Promise.resolve(EventLog.openSync(path, options));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private static openSync(path: string, options: EventLogOptions): EventLog {
    // O_APPEND: every write lands at the end, even with another writer (a second `up`) on the same file.
    const fd = openForAppend(path);
    try {
      // A process killed mid-write (kill -9) can leave half a last line. Start on a fresh line, or the first
      // record of this run would be glued to it and be unreadable too.
      let size = fstatSync(fd).size;
      const last = Buffer.alloc(1);
      if (size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a) size += writeSync(fd, '\n');
      return new EventLog(fd, size, path, options);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /**
   * `jsonBody`: the body's bytes when JSON.parse accepted them (storedBody().json): written verbatim;
   * `record.body` is then not written a second time.
   */
  append(record: EventRecord, jsonBody?: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error('event log is closed'));
    let encoded = encodeRecord(record, jsonBody);
    if (isRefused(record)) {
      const fitted = this.fitRefused(record, encoded);
      if (fitted === undefined) {
        this.dropRefused();
        return Promise.resolve();
      }
      encoded = fitted;
      this.refusedBytes += encodedLength(encoded);
    }
    return new Promise((resolve, reject) => {
      if (encoded.body) this.parts.push(encoded.head, encoded.body, '}\n');
      else this.parts.push(`${encoded.head}\n`);
      this.waiters.push({ resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after the poll phase: every request that arrived in this turn joins the batch.
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Refused requests (anyone on the internet can send them) have their own budget: REFUSED_SHARE of each
   * file. A refused record that does not fit is kept without its body (bodySize still says how much came);
   * one that does not fit even so is not recorded. Refused traffic alone therefore never fills a file, so it
   * can never rotate accepted events out of the log, however much of it arrives.
   */
  private fitRefused(record: EventRecord, encoded: EncodedRecord): EncodedRecord | undefined {
    const budget = this.maxBytes * REFUSED_SHARE;
    if (this.refusedBytes + encodedLength(encoded) <= budget) return encoded;
    if (record.body !== undefined || record.bodyBase64 !== undefined) {
      const { body, bodyBase64, ...rest } = record;
      const size =
        record.bodySize ??
        (bodyBase64 !== undefined ? Buffer.byteLength(bodyBase64, 'base64') : Buffer.byteLength(body ?? ''));
      const bare = encodeRecord({ ...rest, bodySize: size });
      if (this.refusedBytes + encodedLength(bare) <= budget) return bare;
    }
    return undefined;
  }

  private dropRefused(): void {
    this.refusedDropped += 1;
    if (this.refusedDropped === 1) {
      this.options.onNotice?.(refusedBudgetNotice(this.path, this.maxBytes * REFUSED_SHARE));
    }
  }

  /** The batch as Buffers: runs of strings joined (they are small), bodies as they came. */
  private takeBatch(): { buffers: Buffer[]; bytes: number } {
    const buffers: Buffer[] = [];
    let bytes = 0;
    let text = '';
    for (const part of this.parts) {
      if (typeof part === 'string') {
        text += part;
        continue;
      }
      if (text !== '') buffers.push(Buffer.from(text, 'utf8'));
      buffers.push(part);
      text = '';
    }
    if (text !== '') buffers.push(Buffer.from(text, 'utf8'));
    for (const b of buffers) bytes += b.length;
    this.parts = [];
    return { buffers, bytes };
  }

  private flush(): void {
    this.scheduled = false;
    if (this.waiters.length === 0) return;
    const { buffers, bytes } = this.takeBatch();
    const waiters = this.waiters;
    this.waiters = [];
    let written = 0;
    try {
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      written = writeAll(this.fd, buffers, bytes);
      this.size += written;
    } catch (error) {
      const partial = error instanceof PartialWriteError ? error : undefined;
      this.undoPartial(partial?.written ?? written);
      const failure = writeFailure(partial?.cause ?? error, this.path);
      for (const w of waiters) w.reject(failure);
      return;
    }
    if (this.options.fsync) this.sync(waiters);
    else for (const w of waiters) w.resolve();
  }

  /**
   * A failed write (ENOSPC, EFBIG) can leave part of the batch on disk. Cut it off, so the file ends with a
   * complete line again: otherwise the next acknowledged record would be glued to the torn one and lost.
   */
  private undoPartial(written: number): void {
    try {
      const end = fstatSync(this.fd).size;
      const complete = written > 0 ? end - written : end;
      if (complete !== end) ftruncateSync(this.fd, complete);
      this.size = complete;
    } catch {
      // Nothing more to do: the reader skips a torn line, and open() starts on a fresh line.
    }
  }

  /** Group commit for `fsync`: one fdatasync covers every batch written before it started. */
  private sync(waiters: Waiter[]): void {
    this.unsynced.push(...waiters);
    if (this.syncing) return;
    const batch = this.unsynced;
    this.unsynced = [];
    this.syncing = true;
    fdatasync(this.fd, (error) => {
      this.syncing = false;
      if (this.closeAfterSync !== undefined) closeSync(this.closeAfterSync);
      this.closeAfterSync = undefined;
      for (const w of batch) {
        if (error) w.reject(writeFailure(error, this.path));
        else w.resolve();
      }
      if (this.unsynced.length > 0) this.sync([]);
    });
  }

  /** events.jsonl → events.1.jsonl → … → events.N.jsonl (deleted beyond `keep`); a fresh events.jsonl. */
  private rotate(): void {
    rmSync(rotatedPath(this.path, this.keep + 1), { force: true });
    for (let n = this.keep; n >= 1; n--) {
      try {
        renameSync(n === 1 ? this.path : rotatedPath(this.path, n - 1), rotatedPath(this.path, n));
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw error;
      }
    }
    if (this.keep === 0) rmSync(this.path, { force: true });
    const fd = openForAppend(this.path);
    this.refusedBytes = 0;
    this.refusedDropped = 0;
    const previous = this.fd;
    this.fd = fd;
    this.size = fstatSync(fd).size;
    if (this.options.fsync) {
      // Batches waiting for a sync were written to the old file: sync it now, before they are acknowledged.
      fdatasyncSync(previous);
      for (const w of this.unsynced) w.resolve();
      this.unsynced = [];
    }
    if (this.syncing) this.closeAfterSync = previous;
    else closeSync(previous);
    this.options.onNotice?.(rotationNotice(this.path, this.maxBytes, this.keep));
  }

  async close(): Promise<void> {
    this.flush();
    this.closed = true;
    while (this.syncing) await new Promise((resolve) => setImmediate(resolve));
    closeSync(this.fd);
  }
}

/** A write that failed after `written` bytes had gone out (the caller cuts them off again). */
class PartialWriteError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly written: number,
  ) {
    super('partial write', { cause });
  }
}

/** writev until every byte is out (a call may write less); returns the bytes written, throws with them. */
function writeAll(fd: number, buffers: Buffer[], bytes: number): number {
  let written = 0;
  let rest = buffers;
  try {
    while (written < bytes) {
      const only = rest.length === 1 ? rest[0] : undefined;
      const n = only ? writeSync(fd, only) : writevSync(fd, rest);
      written += n;
      if (written >= bytes) break;
      // Drop what went out, keep the unwritten tail of a partly written buffer.
      let skip = n;
      const tail: Buffer[] = [];
      for (const buffer of rest) {
        if (skip >= buffer.length) skip -= buffer.length;
        else {
          tail.push(buffer.subarray(skip));
          skip = 0;
        }
      }
      rest = tail;
    }
  } catch (error) {
    throw new PartialWriteError(error, written);
  }
  return written;
}
