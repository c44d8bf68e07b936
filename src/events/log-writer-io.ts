import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EventRecord } from './record.js';

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Append-only JSONL log with group commit: every record appended during one event-loop turn goes out in a
 * single write() at the end of that turn. Each append resolves only after its bytes reached the OS, so the
 * receiver never acknowledges (200) an event that a crash of this process could lose.
 *
 * The write is synchronous on purpose: a batch is a copy into the page cache (tens of µs), while the
 * thread-pool round trip of an async write cost more CPU per event and left the receiver waiting.
 */
export class EventLog {
  private lines: string[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  private closed = false;

  private constructor(
    private readonly fd: number,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<EventLog> {
    await mkdir(dirname(path), { recursive: true });
    // O_APPEND: every write lands at the end, even with another writer (a second `up`) on the same file.
    const fd = openSync(path, 'a+', 0o600);
    try {
      // A process killed mid-write (kill -9, full disk) can leave half a last line. Start on a fresh line,
      // or the first record of this run would be glued to it and be unreadable too.
      const size = fstatSync(fd).size;
      const last = Buffer.alloc(1);
      if (size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a) writeSync(fd, '\n');
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    return new EventLog(fd, path);
  }

  append(record: EventRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error('event log is closed'));
    return new Promise((resolve, reject) => {
      this.lines.push(JSON.stringify(record));
      this.waiters.push({ resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after the poll phase: every request that arrived in this turn joins the batch.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    if (this.lines.length === 0) return;
    const bytes = Buffer.from(`${this.lines.join('\n')}\n`, 'utf8');
    const waiters = this.waiters;
    this.lines = [];
    this.waiters = [];
    try {
      // One write(2) for a regular file in practice; loop because the call may write less.
      for (let offset = 0; offset < bytes.length;) offset += writeSync(this.fd, bytes, offset);
      for (const w of waiters) w.resolve();
    } catch (error) {
      for (const w of waiters) w.reject(error as Error);
    }
  }

  async close(): Promise<void> {
    this.flush();
    this.closed = true;
    closeSync(this.fd);
  }
}
