/**
 * Text encodings of .env and .gitignore files. Windows PowerShell 5.1 writes UTF-16LE with a BOM for
 * `echo X > .env` and `Out-File`, `Set-Content` writes the ANSI code page, Notepad may add a UTF-8 BOM:
 * reading all of them as UTF-8 silently loses every key, and writing UTF-8 into them corrupts the file.
 * So: detect on read, say what was read, and write back in the same encoding.
 */
export type TextEncodingName = 'utf8' | 'utf8-bom' | 'utf16le-bom' | 'utf16be-bom' | 'utf16le' | 'utf16be' | 'latin1';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

const LABELS: Record<TextEncodingName, string> = {
  utf8: 'UTF-8',
  'utf8-bom': 'UTF-8 with BOM',
  'utf16le-bom': 'UTF-16LE with BOM',
  'utf16be-bom': 'UTF-16BE with BOM',
  utf16le: 'UTF-16LE without BOM',
  utf16be: 'UTF-16BE without BOM',
  latin1: 'ANSI (Windows-1252/Latin-1, not valid UTF-8)',
};

export function encodingLabel(encoding: TextEncodingName): string {
  return LABELS[encoding];
}

/**
 * BOM-less UTF-16: text of ASCII characters has a NUL in every other byte. A quarter of the sampled
 * high bytes being NUL is far beyond anything a UTF-8 .env contains (it has none at all).
 */
function bomlessUtf16(bytes: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 2) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul += 1;
    if (bytes[i + 1] === 0) oddNul += 1;
  }
  const pairs = n / 2;
  if (oddNul >= pairs / 4 && oddNul > evenNul) return 'utf16le';
  if (evenNul >= pairs / 4 && evenNul > oddNul) return 'utf16be';
  return undefined;
}

function swapPairs(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - (bytes.length % 2));
  for (let i = 0; i < out.length; i += 2) {
    // out's length is even and at most bytes' length: both indexes exist.
    out[i] = bytes[i + 1] ?? 0;
    out[i + 1] = bytes[i] ?? 0;
  }
  return out;
}

export function detectEncoding(bytes: Uint8Array): TextEncodingName {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf8-bom';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le-bom';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be-bom';
  const utf16 = bomlessUtf16(bytes);
  if (utf16) return utf16;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf8';
  } catch {
    return 'latin1';
  }
}

export function decodeText(bytes: Uint8Array): DecodedText {
  const encoding = detectEncoding(bytes);
  const body = bytes.subarray(
    encoding === 'utf8-bom' ? 3 : encoding === 'utf16le-bom' || encoding === 'utf16be-bom' ? 2 : 0,
  );
  let text: string;
  if (encoding === 'utf8' || encoding === 'utf8-bom') text = new TextDecoder('utf-8').decode(body);
  else if (encoding === 'latin1') text = Array.from(body, (b) => String.fromCharCode(b)).join('');
  else {
    const le = encoding.startsWith('utf16be') ? swapPairs(body) : body;
    text = new TextDecoder('utf-16le').decode(le);
  }
  return { text, encoding };
}

/** The bytes of `text` in `encoding` (with its BOM). Throws when a character cannot be written in it. */
export function encodeText(text: string, encoding: TextEncodingName): Uint8Array {
  if (encoding === 'utf8' || encoding === 'utf8-bom') {
    const body = new TextEncoder().encode(text);
    if (encoding === 'utf8') return body;
    return concat(Uint8Array.of(0xef, 0xbb, 0xbf), body);
  }
  if (encoding === 'latin1') {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      if (code > 0xff) throw new RangeError(`"${text[i]}" cannot be written in ${LABELS.latin1}`);
      out[i] = code;
    }
    return out;
  }
  const le = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    le[2 * i] = code & 0xff;
    le[2 * i + 1] = code >> 8;
  }
  const body = encoding.startsWith('utf16be') ? swapPairs(le) : le;
  if (encoding === 'utf16le-bom') return concat(Uint8Array.of(0xff, 0xfe), body);
  if (encoding === 'utf16be-bom') return concat(Uint8Array.of(0xfe, 0xff), body);
  return body;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
