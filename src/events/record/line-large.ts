/**
 * Lines of MiBs are decoded without assembling them: joining a 24 MiB line (an old-format refused body of
 * control bytes, escaped 6 bytes per byte) cost ~50 ms of blocked event loop, and parsing it ~20 ms more.
 * The fields come from the line's start and end; the body is joined and decoded only when something reads it
 * (listing a refused record never does).
 */
import type { EventRecord } from './record.js';
import { recordOf } from './is-event-record.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEAD_BYTES = 256 * 1024;
const TAIL_BYTES = 64 * 1024;
// The headers object is a flat map of strings, so its closing brace followed by the next top-level key can
// only be this; inside a string every quote is escaped.
const AFTER_HEADERS = Buffer.from('},"kind":"');
const BODY_KEYS = [Buffer.from(',"body":"'), Buffer.from(',"bodyBase64":"')];
const FORWARD_KEY = Buffer.from('","forward":{"target":');

/** The first (or last) `bytes` of a line held as pieces, joined. */
function edge(pieces: Buffer[], bytes: number, fromEnd: boolean): Buffer {
  const picked: Buffer[] = [];
  let total = 0;
  for (const piece of fromEnd ? pieces.toReversed() : pieces) {
    if (total >= bytes) break;
    picked.push(piece);
    total += piece.length;
  }
  return Buffer.concat(fromEnd ? picked.reverse() : picked);
}

function lazyString(record: EventRecord, name: 'body' | 'bodyBase64', decode: () => string): void {
  let value: string | undefined;
  Object.defineProperty(record, name, {
    enumerable: true,
    configurable: true,
    get: () => (value ??= decode()),
    set: (v: string) => {
      value = v;
    },
  });
}

/** An old-format line (body as a JSON string) of `length` bytes held as `pieces`; undefined if it is not one. */
export function decodeLargePlainLine(pieces: Buffer[], length: number): EventRecord | undefined {
  const head = edge(pieces, HEAD_BYTES, false);
  const tail = edge(pieces, TAIL_BYTES, true);
  const tailStart = length - tail.length;
  const headersEnd = head.indexOf(AFTER_HEADERS);
  if (headersEnd < 0 || tail[tail.length - 1] !== 0x7d) return undefined;
  for (const key of BODY_KEYS) {
    const at = head.indexOf(key, headersEnd);
    if (at < 0) continue;
    const start = at + key.length;
    // The body string closes right before `}` or before the forward object (the only field written after it).
    const forward = tail.lastIndexOf(FORWARD_KEY);
    const end = forward >= 0 ? tailStart + forward : length - 2;
    if (end < start || (forward < 0 && tail[tail.length - 2] !== QUOTE)) return undefined;
    let backslashes = 0;
    while (end - 1 - backslashes >= tailStart && tail[end - 1 - backslashes - tailStart] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 1) return undefined;
    let record: EventRecord | undefined;
    try {
      record = recordOf(JSON.parse(head.toString('utf8', 0, at) + tail.toString('utf8', end + 1 - tailStart)));
    } catch {
      return undefined;
    }
    if (!record) return undefined;
    lazyString(record, key === BODY_KEYS[0] ? 'body' : 'bodyBase64', () => {
      const line = Buffer.concat(pieces, length);
      // The bytes between the quotes checked above: a JSON string.
      return String(JSON.parse(line.toString('utf8', start - 1, end + 1)));
    });
    return record;
  }
  return undefined;
}

/** A framed line held as pieces: fields from its start, the body joined when read; undefined if malformed. */
export function decodeLargeFramedLine(
  pieces: Buffer[],
  length: number,
  frame: (head: Buffer) => { fieldsStart: number; fieldsEnd: number; bodyStart: number; bodyBytes: number } | undefined,
): EventRecord | undefined {
  const head = edge(pieces, HEAD_BYTES, false);
  const f = frame(head);
  if (!f || f.bodyStart > head.length || length !== f.bodyStart + f.bodyBytes + 1) return undefined;
  const tail = edge(pieces, 1, true);
  if (tail[tail.length - 1] !== 0x7d) return undefined;
  let record: EventRecord | undefined;
  try {
    record = recordOf(JSON.parse(`{${head.toString('utf8', f.fieldsStart, f.fieldsEnd)}}`));
  } catch {
    return undefined;
  }
  if (!record) return undefined;
  lazyString(record, 'body', () =>
    Buffer.concat(pieces, length).toString('utf8', f.bodyStart, f.bodyStart + f.bodyBytes),
  );
  return record;
}
