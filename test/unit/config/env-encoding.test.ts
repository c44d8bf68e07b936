import { describe, expect, it } from 'vitest';
import { decodeText, detectEncoding, encodeText, type TextEncodingName } from '../../../src/config/env-encoding.js';

const TEXT = 'WHATSAPP_VERIFY_TOKEN=tok_é\r\n# Привет 👋\r\nPORT=8000\r\n';

/** Bytes as Windows tools write them: PowerShell 5.1 `>` (UTF-16LE BOM), Notepad (UTF-8 BOM), … */
function bytesOf(encoding: TextEncodingName, text = TEXT): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le).swap16();
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
    case 'utf16be-bom':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
    case 'utf16le':
      return le;
    case 'utf16be':
      return be;
    case 'latin1':
      return Buffer.from(text, 'latin1');
  }
}

describe('env file encodings', () => {
  it.each(['utf8', 'utf8-bom', 'utf16le-bom', 'utf16be-bom', 'utf16le', 'utf16be'] as const)(
    '%s is detected, decoded and written back byte for byte',
    (encoding) => {
      const bytes = bytesOf(encoding);
      expect(detectEncoding(bytes)).toBe(encoding);
      const decoded = decodeText(bytes);
      expect(decoded).toEqual({ text: TEXT, encoding });
      expect(Buffer.from(encodeText(decoded.text, encoding))).toEqual(bytes);
    },
  );

  it('reads ANSI (Set-Content in PowerShell 5.1) as Latin-1 instead of U+FFFD, and refuses to write what it cannot', () => {
    const bytes = bytesOf('latin1', 'NAME=café\r\n');
    expect(decodeText(bytes)).toEqual({ text: 'NAME=café\r\n', encoding: 'latin1' });
    expect(Buffer.from(encodeText('NAME=café\r\n', 'latin1'))).toEqual(bytes);
    expect(() => encodeText('X=👋', 'latin1')).toThrow(/cannot be written/);
  });

  it('an empty file is UTF-8', () => {
    expect(decodeText(new Uint8Array())).toEqual({ text: '', encoding: 'utf8' });
  });
});
