/**
 * The line format of `.wa-hook/events.jsonl`. Every line is one JSON object, so `jq` and any JSONL reader
 * still work; two shapes exist:
 *
 * - plain (records whose body is not JSON text, or holds a newline or control whitespace):
 *   `JSON.stringify(record)`, the body as an escaped string (`body`) or base64 (`bodyBase64`).
 * - framed (a body that is JSON text without a newline, i.e. every event Meta sends):
 *   `{"v":2,"hb":H,"bb":B,<the other fields>,"bodyJson":<the body's bytes, verbatim>}`.
 *   The body is not escaped a second time (no 1.1–6× growth, no escaping pass per event) and its exact bytes
 *   are recovered by position: H and B are the byte lengths of the fields and of the body. A line torn by a
 *   crash fails that length check and is skipped, never misread.
 */
import type { EventRecord } from './record.js';
import { recordOf } from './is-event-record.js';
import { decodeLargeFramedLine, decodeLargePlainLine } from './line-large.js';
import { hasControlWhitespace, jsonDepthExceeds } from '../json-shape.js';

/** Lines longer than this are decoded without being joined first (record-line-large.ts). */
const LARGE_LINE = 1024 * 1024;

const FRAMED_PREFIX = Buffer.from('{"v":2,"hb":');
const BODY_KEY = ',"bodyJson":';
const BODY_KEY_BYTES = Buffer.from(BODY_KEY);
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;

/** A line to write: `head`, then (framed) the body's bytes and `}`; then a newline. */
export interface EncodedRecord {
  head: string;
  body?: Buffer;
}

/**
 * `jsonBody`: the record's body as bytes that are known to be JSON text (JSON.parse accepted them). Framed
 * when it holds no newline (a pretty-printed body would split the line); the record's `body` field then only
 * serves readers in memory and is not written twice.
 */
export function encodeRecord(record: EventRecord, jsonBody?: Buffer): EncodedRecord {
  // Framed only when control-free and shallow: CR-splitting readers must not see a second record, and `jq`
  // must not stop on a body nested hundreds deep (json-shape.ts).
  if (jsonBody === undefined || jsonBody.length === 0 || hasControlWhitespace(jsonBody) || jsonDepthExceeds(jsonBody)) {
    return { head: JSON.stringify(record) };
  }
  const { body: _text, bodyBase64: _base64, ...fields } = record;
  const json = JSON.stringify(fields);
  const inner = json.slice(1, -1);
  return {
    head: `{"v":2,"hb":${Buffer.byteLength(inner)},"bb":${jsonBody.length},${inner}${BODY_KEY}`,
    body: jsonBody,
  };
}

/** Bytes the encoded record takes on disk, newline included. */
export function encodedLength(encoded: EncodedRecord, headBytes = Buffer.byteLength(encoded.head)): number {
  return headBytes + (encoded.body ? encoded.body.length + 1 : 0) + 1;
}

/** Reads the decimal number at `pos`, ending at a comma; undefined if malformed. */
function numberAt(line: Buffer, pos: number): { value: number; next: number } | undefined {
  let value = 0;
  let i = pos;
  for (; i < line.length && i - pos < 12; i++) {
    const c = line[i];
    if (c === undefined || c === COMMA) break;
    if (c < 0x30 || c > 0x39) return undefined;
    value = value * 10 + (c - 0x30);
  }
  return i > pos && line[i] === COMMA ? { value, next: i + 1 } : undefined;
}

/** Where the parts of a framed line start, read from its first bytes; undefined if it is not framed. */
function frameOf(
  head: Buffer,
): { fieldsStart: number; fieldsEnd: number; bodyStart: number; bodyBytes: number } | undefined {
  const h = numberAt(head, FRAMED_PREFIX.length);
  if (!h || head.toString('latin1', h.next, h.next + 5) !== '"bb":') return undefined;
  const b = numberAt(head, h.next + 5);
  if (!b) return undefined;
  const fieldsEnd = b.next + h.value;
  const bodyStart = fieldsEnd + BODY_KEY_BYTES.length;
  if (bodyStart > head.length || !head.subarray(fieldsEnd, bodyStart).equals(BODY_KEY_BYTES)) return undefined;
  return { fieldsStart: b.next, fieldsEnd, bodyStart, bodyBytes: b.value };
}

function decodeFramed(line: Buffer): EventRecord | undefined {
  const f = frameOf(line);
  if (!f || line.length !== f.bodyStart + f.bodyBytes + 1 || line[line.length - 1] !== CLOSE_BRACE) return undefined;
  try {
    const record = recordOf(JSON.parse(`{${line.toString('utf8', f.fieldsStart, f.fieldsEnd)}}`));
    if (!record) return undefined;
    record.body = line.toString('utf8', f.bodyStart, f.bodyStart + f.bodyBytes);
    return record;
  } catch {
    return undefined;
  }
}

/** One log line (without its newline) → the record; undefined for a torn, blank or foreign line. */
export function decodeRecordLine(line: Buffer): EventRecord | undefined {
  if (line.length === 0) return undefined;
  if (line.subarray(0, FRAMED_PREFIX.length).equals(FRAMED_PREFIX)) return decodeFramed(line);
  try {
    return recordOf(JSON.parse(line.toString('utf8')));
  } catch {
    return undefined;
  }
}

/**
 * A line held as the pieces it was read in (file order). Long lines are decoded without joining them
 * (record-line-large.ts); if that fails they are joined and decoded whole.
 */
export function decodeRecordPieces(pieces: Buffer[], length: number): EventRecord | undefined {
  if (length > LARGE_LINE) {
    const [only] = pieces;
    const first = only && only.length >= FRAMED_PREFIX.length ? only : Buffer.concat(pieces.slice(0, 8));
    const framed = first.subarray(0, FRAMED_PREFIX.length).equals(FRAMED_PREFIX);
    const record = framed ? decodeLargeFramedLine(pieces, length, frameOf) : decodeLargePlainLine(pieces, length);
    if (record) return record;
  }
  return decodeRecordLine(pieces.length === 1 && pieces[0] ? pieces[0] : Buffer.concat(pieces, length));
}

/** Milliseconds encoded in an event id (`evt_` + base36 time + 3 sequence + 6 random); undefined if not an id. */
export function idTime(id: string): number | undefined {
  const [, base36] = /^evt_([0-9a-z]{6,10})[0-9a-z]{3}[0-9a-f]{6}$/.exec(id) ?? [];
  if (base36 === undefined) return undefined;
  const time = parseInt(base36, 36);
  return Number.isSafeInteger(time) ? time : undefined;
}

/** Parses one log line as text; undefined for a torn or foreign line (a kill -9 can leave half a last line). */
export function parseRecordLine(line: string): EventRecord | undefined {
  return decodeRecordLine(Buffer.from(line.trimEnd(), 'utf8'));
}
