/**
 * Bounds on what one request can make wa-hook do. A 1 MB body of nested objects (an `edit` inside an `edit`
 * inside …) overflows the stack of every recursive reader (JSON.stringify, a summary, `jq`), so bodies nested
 * deeper than MAX_JSON_DEPTH are refused on arrival; Meta's payloads are about eight levels deep.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The deepest nesting of `[`/`{` in JSON bytes (strings skipped), stopping as soon as `limit` is passed: one
 * pass over the bytes, no parsing, no allocation.
 */
export function jsonDepthExceeds(bytes: Uint8Array, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === undefined) break; // never: the loop's bound keeps it
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Control bytes JSON allows between tokens (tab, CR, LF). Framed log lines must carry none: a reader that
 * splits on CR (Python's splitlines, Node's readline) would see a second, forged record in the middle.
 */
export function hasControlWhitespace(bytes: Buffer): boolean {
  return bytes.indexOf(0x0a) !== -1 || bytes.indexOf(0x0d) !== -1 || bytes.indexOf(0x09) !== -1;
}
