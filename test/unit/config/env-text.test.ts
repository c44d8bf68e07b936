import { describe, expect, it } from 'vitest';
import { formatEnvValue, gitignoreCovers, updateEnvText } from '../../../src/config/env-text.js';

describe('updateEnvText', () => {
  it.each([
    ['empty file', '', { A: '1' }, 'A=1\n'],
    [
      'updates in place, keeps comments and other lines',
      '# top\nA=old # c\nB=2\n',
      { A: 'new' },
      '# top\nA=new\nB=2\n',
    ],
    ['appends new keys', 'B=2\n', { A: '1' }, 'B=2\nA=1\n'],
    ['keeps export prefix', 'export A=old\n', { A: 'new' }, 'export A=new\n'],
    ['updates duplicates too', 'A=1\nB=2\nA=3\n', { A: 'x' }, 'A=x\nB=2\nA=x\n'],
    ['keeps CRLF', 'A=1\r\nB=2\r\n', { A: 'x' }, 'A=x\r\nB=2\r\n'],
    ['adds a final newline', 'B=2', { A: '1' }, 'B=2\nA=1\n'],
    ['quotes values with spaces', '', { A: 'a b' }, 'A="a b"\n'],
  ])('%s', (_n, original, updates, expected) => expect(updateEnvText(original, updates)).toBe(expected));

  it('writes a comment above new keys', () => {
    expect(updateEnvText('', { A: '1' }, { A: 'what A is' })).toBe('# what A is\nA=1\n');
  });

  it.each([
    ['EAAGabc', 'EAAGabc'],
    ['670843887433847|abc', '670843887433847|abc'],
    ['a#b', '"a#b"'],
    ['say "hi"', '"say \\"hi\\""'],
  ])('formatEnvValue(%j)', (v, expected) => expect(formatEnvValue(v)).toBe(expected));
});

describe('gitignoreCovers', () => {
  it.each([
    ['.env', true],
    ['/.env', true],
    ['.env*', true],
    ['*.env', true],
    ['node_modules\n.env\n', true],
    ['.env\n!.env', false],
    ['# .env', false],
    ['.envrc', false],
    ['', false],
  ])('%j', (text, expected) => expect(gitignoreCovers(text, '.env')).toBe(expected));
});
