/**
 * Reads `.wa-hook/events.jsonl` and its rotated files (`events.1.jsonl` newest … `events.N.jsonl`) from the
 * END in fixed-size chunks, so "the newest 20" costs the same on a 100-line log and a 100,000-line one, and
 * a page of older records starts at a cursor (file + byte offset). Every byte read is copied at most once
 * (linear in the bytes read, whatever the line sizes), and each chunk is an await, so the receiver sharing
 * the process keeps answering while the inspector pages. A torn line (kill -9 mid-write) is skipped.
 */
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecordPieces, idTime } from '../record/line.js';
import type { EventRecord } from '../record/record.js';
import { openForRead, rotatedPath } from './files-io.js';
import { stateDir } from '../../state/state-file-io.js';

export { followRecords } from './follow-io.js';

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;
/** Rotated files looked for; far more than anyone keeps. */
const MAX_FILES = 100;
/** A longer line is skipped without being held in memory (the writer never writes one). */
const MAX_LINE = 64 * 1024 * 1024;

export function eventsFilePath(cwd: string): string {
  return join(stateDir(cwd), 'events.jsonl');
}

export interface Page {
  /** Newest first. */
  records: EventRecord[];
  /** Pass as `before` to get the next older page; undefined once the oldest file's start is reached. */
  next?: string;
  /** Offset just after the last complete line of the current file: where `followRecords` starts. */
  tail: number;
}

export interface PageOptions {
  /** A `next` cursor from an earlier page (or a plain byte offset in the current file). */
  before?: string;
  limit: number;
  match?: (record: EventRecord) => boolean;
  /** Records are in arrival order: once this is true for one, everything older is too (e.g. `--since`). */
  stopAt?: (record: EventRecord) => boolean;
  /** Throw the open error (ENOENT) instead of answering an empty page for a missing log. */
  mustExist?: boolean;
}

interface Line {
  /** The line's bytes in file order, as read (a long line is never joined here). */
  pieces: Buffer[];
  length: number;
  /** Offset where the line starts. */
  start: number;
}

/** Complete lines of [0, end) from the last to the first. */
async function* linesBackwards(handle: FileHandle, end: number): AsyncGenerator<Line> {
  let pos = end;
  // The pieces of the line being assembled, newest piece first.
  let pieces: Buffer[] = [];
  let pieceBytes = 0;
  // Inside a line longer than MAX_LINE: dropped piece by piece instead of held.
  let skipping = false;
  while (pos > 0) {
    const size = Math.min(CHUNK, pos);
    pos -= size;
    const chunk = Buffer.allocUnsafe(size);
    await handle.read(chunk, 0, size, pos);
    let cut = size;
    for (let i = chunk.lastIndexOf(NEWLINE, cut - 1); i >= 0; i = i > 0 ? chunk.lastIndexOf(NEWLINE, i - 1) : -1) {
      if (skipping) skipping = false;
      else if (cut > i + 1 || pieceBytes > 0) {
        pieces.push(chunk.subarray(i + 1, cut));
        yield { pieces: pieces.reverse(), length: pieceBytes + cut - i - 1, start: pos + i + 1 };
      }
      pieces = [];
      pieceBytes = 0;
      cut = i;
    }
    if (cut > 0 && !skipping) {
      // `chunk` is fresh for every read, so a piece needs no copy.
      pieces.push(chunk.subarray(0, cut));
      pieceBytes += cut;
      if (pieceBytes > MAX_LINE) {
        pieces = [];
        pieceBytes = 0;
        skipping = true;
      }
    }
  }
  if (pieces.length > 0 && !skipping) yield { pieces: pieces.reverse(), length: pieceBytes, start: 0 };
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

interface LogFile {
  handle: FileHandle;
  ino: number;
  end: number;
}

/** The current file, then the rotated ones, newest first; each opened only when reading reaches it. */
async function* logFiles(path: string, mustExist: boolean): AsyncGenerator<LogFile> {
  const seen = new Set<number>();
  for (let n = 0; n < MAX_FILES; n++) {
    const file = n === 0 ? path : rotatedPath(path, n);
    const handle = await openForRead(file);
    if (!handle) {
      if (n === 0 && mustExist) {
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT' });
      }
      // A missing current file with rotated ones beside it (between rename and create): keep going.
      if (n === 0) continue;
      return;
    }
    try {
      const st = await handle.stat();
      // A rotation while reading: the file just read may now carry the next name. Read it once.
      if (seen.has(st.ino)) continue;
      seen.add(st.ino);
      yield { handle, ino: st.ino, end: await completeEnd(handle, st.size) };
    } finally {
      await handle.close();
    }
  }
}

function parseCursor(before: string | undefined): { ino?: number; offset: number } | undefined {
  if (before === undefined) return undefined;
  const m = /^(?:(\d+)-)?(\d+)$/.exec(before);
  return m ? { ino: m[1] === undefined ? undefined : Number(m[1]), offset: Number(m[2]) } : { offset: 0 };
}

/** One page of records, newest first, across rotated files. A missing log is an empty page (unless `mustExist`). */
export async function readPage(path: string, options: PageOptions): Promise<Page> {
  const cursor = parseCursor(options.before);
  const records: EventRecord[] = [];
  let tail = 0;
  let first = true;
  let started = cursor === undefined;
  for await (const file of logFiles(path, options.mustExist ?? false)) {
    if (first) tail = file.end;
    const isFirst = first;
    first = false;
    let end = file.end;
    if (!started && cursor) {
      // A cursor names its file by inode (stable across rotation renames); a bare offset is the current file.
      if (cursor.ino === undefined ? !isFirst : cursor.ino !== file.ino) continue;
      started = true;
      end = Math.min(cursor.offset, file.end);
    }
    for await (const { pieces, length, start } of linesBackwards(file.handle, end)) {
      const record = decodeRecordPieces(pieces, length);
      if (!record) continue;
      if (options.stopAt?.(record)) return { records, tail };
      if (options.match && !options.match(record)) continue;
      records.push(record);
      if (records.length >= options.limit) return { records, next: `${file.ino}-${start}`, tail };
    }
  }
  return { records, tail };
}

/** The newest record that satisfies `predicate`, scanning from the end. */
export async function findFromEnd(
  path: string,
  predicate: (record: EventRecord) => boolean,
): Promise<EventRecord | undefined> {
  const page = await readPage(path, { limit: 1, match: predicate });
  return page.records[0];
}

/** How far an id's clock may trail the record before it in the file (clock steps, NTP). */
const ID_CLOCK_SLACK_MS = 5 * 60_000;

/**
 * The record with this id, or undefined. Ids carry their arrival time and the log is in arrival order, so
 * the scan stops at the first record clearly older than the id: an unknown id never reads the whole log.
 * `anyId`: also look for an id without a time (hand-made logs) by reading everything; only for local commands,
 * never for the inspector's HTTP API.
 */
export async function findById(path: string, id: string, anyId = false): Promise<EventRecord | undefined> {
  const stopAt = olderThanId(id);
  if (!stopAt && !anyId) return undefined;
  const page = await readPage(path, { limit: 1, match: (r) => r.id === id, stopAt });
  return page.records[0];
}

/** `stopAt` for a search by id: true from the first record clearly older than the id; undefined for a non-id. */
export function olderThanId(id: string): ((record: EventRecord) => boolean) | undefined {
  const wanted = idTime(id);
  if (wanted === undefined) return undefined;
  return (r) => (idTime(r.id) ?? Date.parse(r.receivedAt)) < wanted - ID_CLOCK_SLACK_MS;
}
