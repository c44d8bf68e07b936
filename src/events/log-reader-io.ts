/**
 * Reads `.wa-hook/events.jsonl` from the END in fixed-size chunks, so "the newest 20" costs the same on
 * a 100-line log and a 100,000-line one, and a page of older records starts at a byte offset (cursor).
 * A torn last line (kill -9 mid-write, or a write in progress) is skipped, never fatal.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseRecordLine, type EventRecord } from './record.js';
import { stateDir } from '../state/state-file-io.js';

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

export function eventsFilePath(cwd: string): string {
  return join(stateDir(cwd), 'events.jsonl');
}

export interface Page {
  /** Newest first. */
  records: EventRecord[];
  /** Pass as `before` to get the next older page; undefined once the start of the file is reached. */
  next?: number;
  /** Offset just after the last complete line: where `followRecords` starts. */
  tail: number;
}

export interface PageOptions {
  /** Byte offset: only lines that start before it (default: end of file). */
  before?: number;
  limit: number;
  match?: (record: EventRecord) => boolean;
  /** Records are in arrival order: once this is true for one, everything older is too (e.g. `--since`). */
  stopAt?: (record: EventRecord) => boolean;
  /** Throw the open error (ENOENT) instead of answering an empty page for a missing log. */
  mustExist?: boolean;
}

async function openIfExists(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Complete lines of [0, end) from the last to the first, each with the offset where it starts. */
async function* linesBackwards(handle: FileHandle, end: number): AsyncGenerator<{ line: Buffer; start: number }> {
  let pos = end;
  let carry = Buffer.alloc(0);
  while (pos > 0) {
    const size = Math.min(CHUNK, pos);
    pos -= size;
    const chunk = Buffer.allocUnsafe(size);
    await handle.read(chunk, 0, size, pos);
    const buf = carry.length > 0 ? Buffer.concat([chunk, carry]) : chunk;
    let cut = buf.length;
    for (let i = buf.length - 1; i >= 0; i--) {
      if (buf[i] !== NEWLINE) continue;
      if (i + 1 < cut) yield { line: buf.subarray(i + 1, cut), start: pos + i + 1 };
      cut = i;
    }
    carry = Buffer.from(buf.subarray(0, cut));
  }
  if (carry.length > 0) yield { line: carry, start: 0 };
}

/** Offset just after the last newline before `size`: a line without its newline is not complete yet. */
async function completeEnd(handle: FileHandle, size: number): Promise<number> {
  let pos = size;
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, size));
  while (pos > 0) {
    const len = Math.min(buf.length, pos);
    await handle.read(buf, 0, len, pos - len);
    const i = buf.subarray(0, len).lastIndexOf(NEWLINE);
    if (i >= 0) return pos - len + i + 1;
    pos -= len;
  }
  return 0;
}

/** One page of records, newest first. A missing log is an empty page (unless `mustExist`). */
export async function readPage(path: string, options: PageOptions): Promise<Page> {
  const handle = options.mustExist ? await open(path, 'r') : await openIfExists(path);
  if (!handle) return { records: [], tail: 0 };
  try {
    const size = (await handle.stat()).size;
    const tail = await completeEnd(handle, size);
    // The torn remainder after `tail` is left out; `before` never points inside a line.
    const end = Math.min(options.before ?? tail, tail);
    const records: EventRecord[] = [];
    for await (const { line, start } of linesBackwards(handle, end)) {
      const record = parseRecordLine(line.toString('utf8'));
      if (!record) continue;
      if (options.stopAt?.(record)) return { records, tail };
      if (options.match && !options.match(record)) continue;
      records.push(record);
      if (records.length >= options.limit) return { records, next: start > 0 ? start : undefined, tail };
    }
    return { records, tail };
  } finally {
    await handle.close();
  }
}

/** The newest record that satisfies `predicate`, scanning from the end. */
export async function findFromEnd(
  path: string,
  predicate: (record: EventRecord) => boolean,
): Promise<EventRecord | undefined> {
  const page = await readPage(path, { limit: 1, match: predicate });
  return page.records[0];
}

/**
 * Yields each record appended after `from` until `signal` aborts. Polls the size (works on every OS
 * and filesystem, and survives the file being created later or truncated); holds a partial line back
 * until its newline arrives.
 */
export async function* followRecords(
  path: string,
  from: number,
  signal: AbortSignal,
  intervalMs = 200,
): AsyncGenerator<EventRecord> {
  let pos = from;
  // Bytes, not text: a poll can land in the middle of a multi-byte character.
  let partial = Buffer.alloc(0);
  while (!signal.aborted) {
    let size = -1;
    try {
      size = (await stat(path)).size;
    } catch {
      // Not created yet: keep waiting.
    }
    if (size >= 0 && size < pos) {
      pos = 0; // truncated or replaced: start over
      partial = Buffer.alloc(0);
    }
    if (size > pos) {
      const handle = await open(path, 'r');
      try {
        const buf = Buffer.allocUnsafe(size - pos);
        const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
        pos += bytesRead;
        let data = Buffer.concat([partial, buf.subarray(0, bytesRead)]);
        for (let i = data.indexOf(NEWLINE); i >= 0; i = data.indexOf(NEWLINE)) {
          const record = parseRecordLine(data.subarray(0, i).toString('utf8'));
          data = data.subarray(i + 1);
          if (record) yield record;
        }
        partial = Buffer.from(data);
      } finally {
        await handle.close();
      }
      continue;
    }
    try {
      await sleep(intervalMs, undefined, { signal });
    } catch {
      return; // aborted
    }
  }
}
