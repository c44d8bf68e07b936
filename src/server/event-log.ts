import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EventRecord } from '../core/event-record.js';

interface Pending {
  line: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Append-only JSONL log with group commit: records that arrive while a write is in flight are written
 * together in the next single write(). Each append resolves only after its bytes reached the OS, so the
 * receiver never acknowledges (200) an event that a crash of this process could lose.
 */
export class EventLog {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<EventLog> {
    await mkdir(dirname(path), { recursive: true });
    // O_APPEND: every write lands at the end, even with another writer (a second `up`) on the same file.
    return new EventLog(await open(path, 'a', 0o600), path);
  }

  append(record: EventRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ line: `${JSON.stringify(record)}\n`, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.handle.write(batch.length === 1 ? batch[0]!.line : batch.map((p) => p.line).join(''));
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error as Error);
      }
    }
    this.flushing = undefined;
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.handle.close();
  }
}
