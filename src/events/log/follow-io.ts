import { stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeRecordLine } from '../record/line.js';
import type { EventRecord } from '../record/record.js';
import { openForRead } from './files-io.js';

const NEWLINE = 0x0a;
const CHUNK = 1024 * 1024;

/**
 * Yields each record appended after `from` until `signal` aborts. Polls the size (works on every OS and
 * filesystem, and survives the file being created later). Keeps the file open: when the log is rotated
 * (renamed away, a new one created) the rest of the old file is read first, then the new one from 0.
 * Holds a partial line back until its newline arrives.
 */
export async function* followRecords(
  path: string,
  from: number,
  signal: AbortSignal,
  intervalMs = 200,
): AsyncGenerator<EventRecord> {
  let handle: FileHandle | undefined;
  let pos = from;
  // Bytes, not text: a poll can land in the middle of a multi-byte character.
  let partial = Buffer.alloc(0);
  const drain = async function* (h: FileHandle, size: number): AsyncGenerator<EventRecord> {
    while (pos < size) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, size - pos));
      const { bytesRead } = await h.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) return;
      pos += bytesRead;
      let data = partial.length > 0 ? Buffer.concat([partial, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
      for (let i = data.indexOf(NEWLINE); i >= 0; i = data.indexOf(NEWLINE)) {
        const record = decodeRecordLine(data.subarray(0, i));
        data = data.subarray(i + 1);
        if (record) yield record;
      }
      partial = Buffer.from(data);
    }
  };
  try {
    while (!signal.aborted) {
      handle ??= await openForRead(path);
      if (handle) {
        const own = await handle.stat();
        if (own.size < pos) {
          // The writer cut a torn line it had just written (disk full): drop the held part of it. Any other
          // shrinking (the file was emptied) starts over.
          pos = own.size >= pos - partial.length ? pos - partial.length : 0;
          partial = Buffer.alloc(0);
        }
        yield* drain(handle, own.size);
        // Rotated: the name now points to another file. What is left of ours was just read; switch.
        const current = await stat(path).catch(() => undefined);
        if (current && current.ino !== own.ino) {
          // Nothing is written to the old file after the rename: its size now is final.
          yield* drain(handle, (await handle.stat()).size);
          await handle.close();
          handle = undefined;
          pos = 0;
          partial = Buffer.alloc(0);
          continue;
        }
      }
      try {
        await sleep(intervalMs, undefined, { signal });
      } catch {
        return; // aborted
      }
    }
  } finally {
    await handle?.close();
  }
}
