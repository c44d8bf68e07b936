/**
 * Old-format lines of tens of MiB (a refused body of control bytes stored escaped, 6 bytes per byte) must not
 * be JSON.parse'd whole just to list them: that blocked the receiver's event loop for tens of ms per line.
 * Their fields are parsed without the body; the body string is decoded only when something reads it.
 */
import type { EventRecord } from './record.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
// The headers object is a flat map of strings, so its closing brace followed by the next top-level key can
// only be this; inside a string every quote is escaped.
const AFTER_HEADERS = Buffer.from('},"kind":"');
const BODY_KEYS = [Buffer.from(',"body":"'), Buffer.from(',"bodyBase64":"')];

/** Index of the quote that closes the string whose contents start at `from`. */
function stringEnd(line: Buffer, from: number): number {
  for (let q = line.indexOf(QUOTE, from); q >= 0; q = line.indexOf(QUOTE, q + 1)) {
    let backslashes = 0;
    while (line[q - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return -1;
}

/** The record with its body decoded lazily; undefined when the line is not an old-format record. */
export function decodeLargePlainLine(line: Buffer): EventRecord | undefined {
  const headersEnd = line.indexOf(AFTER_HEADERS);
  if (headersEnd < 0) return undefined;
  for (const key of BODY_KEYS) {
    const at = line.indexOf(key, headersEnd);
    if (at < 0) continue;
    const start = at + key.length;
    const end = stringEnd(line, start);
    if (end < 0) return undefined;
    let record: EventRecord;
    try {
      record = JSON.parse(line.toString('utf8', 0, at) + line.toString('utf8', end + 1)) as EventRecord;
    } catch {
      return undefined;
    }
    const literal = line.subarray(start - 1, end + 1);
    const name = key === BODY_KEYS[0] ? 'body' : 'bodyBase64';
    let value: string | undefined;
    Object.defineProperty(record, name, {
      enumerable: true,
      configurable: true,
      get: () => (value ??= JSON.parse(literal.toString('utf8')) as string),
      set: (v: string) => {
        value = v;
      },
    });
    return record;
  }
  return undefined;
}
