import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { errorCode, errorMessage, errorReason } from '../../src/errors-narrow.js';
import { isRecord, recordOr, recordsIn, stringOr } from '../../src/json-narrow.js';

describe('errors-narrow', () => {
  it('reads the code and message of a real errno error', async () => {
    const error = await readFile('/no/such/file/wa-hook').catch((e: unknown) => e);
    expect(errorCode(error)).toBe('ENOENT');
    expect(errorMessage(error)).toMatch(/^ENOENT: no such file or directory/);
    expect(errorReason(error)).toBe('ENOENT');
  });

  it('has no code for a plain Error, a number code or a thrown non-Error', () => {
    expect(errorCode(new Error('x'))).toBeUndefined();
    expect(errorCode(Object.assign(new Error('git'), { code: 128 }))).toBeUndefined();
    expect(errorCode('ENOENT')).toBeUndefined();
    expect(errorCode(null)).toBeUndefined();
    expect(errorCode(undefined)).toBeUndefined();
  });

  it('gives a message for anything thrown', () => {
    expect(errorMessage(new TypeError('bad'))).toBe('bad');
    expect(errorMessage({ message: 'from another realm' })).toBe('from another realm');
    expect(errorMessage('a string')).toBe('a string');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorReason(new Error('no code here'))).toBe('no code here');
  });
});

describe('json-narrow', () => {
  it('takes only plain objects as records', () => {
    expect(isRecord({ a: 1 })).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
    expect(isRecord('{}')).toBe(false);
    expect(recordOr([1])).toEqual({});
    expect(recordOr({ a: 1 })).toEqual({ a: 1 });
  });

  it('keeps the object items of an array and nothing from a non-array', () => {
    expect(recordsIn([{ a: 1 }, null, 'x', [2], { b: 2 }])).toEqual([{ a: 1 }, { b: 2 }]);
    expect(recordsIn({ 0: { a: 1 } })).toEqual([]);
    expect(stringOr('s')).toBe('s');
    expect(stringOr(1)).toBeUndefined();
  });
});
