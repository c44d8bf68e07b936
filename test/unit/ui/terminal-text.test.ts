import { describe, expect, it } from 'vitest';
import { guardLine, terminalSafe, terminalSafeBlock } from '../../../src/ui/terminal-text.js';

const TITLE = '\u001b]0;pwned\u0007';
const ERASE = '\u001b[2K\r';

describe('terminalSafe: text from a record is shown, never obeyed', () => {
  it('makes window-title, erase, carriage return and newline visible', () => {
    expect(terminalSafe(`hi${TITLE}${ERASE}✔ self-test passed\nnext`)).toBe(
      'hi\\x1b]0;pwned\\x07\\x1b[2K\\r✔ self-test passed\\nnext',
    );
  });

  it('covers C1 (one-byte CSI), DEL, bidi overrides and line separators; plain text is returned as is', () => {
    expect(terminalSafe('a\u009b2Jb\u007fc\u202ed\u2028e')).toBe('a\\x9b2Jb\\x7fc\\u202ed\\u2028e');
    const plain = 'Olá 👋 — "quoted" \\ back';
    expect(terminalSafe(plain)).toBe(plain);
  });

  it('keeps the newlines of a block, but no other control', () => {
    expect(terminalSafeBlock('{\r\n  "a": "\u001b[31m"\n}')).toBe('{\n  "a": "\\x1b[31m"\n}');
  });
});

describe('guardLine: every printed line keeps only our colours and line breaks', () => {
  it('keeps SGR colours, newlines and tabs', () => {
    const ours = '\u001b[32m✔\u001b[39m ok\n\tnext';
    expect(guardLine(ours)).toBe(ours);
  });

  it('escapes any other escape sequence or control', () => {
    expect(guardLine(`x${TITLE}y${ERASE}z\u001b[1Aw`)).toBe('x\\x1b]0;pwned\\x07y\\x1b[2K\\rz\\x1b[1Aw');
  });
});
