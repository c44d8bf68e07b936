import { describe, expect, it } from 'vitest';
import {
  checkAccessToken,
  checkAppSecret,
  checkNumericId,
  checkVerifyToken,
  generateVerifyToken,
  looksLikeAccessToken,
} from '../../../src/config/secret-shapes.js';

const codes = (problems: Array<{ code: string }>) => problems.map((p) => p.code);

describe('checkVerifyToken', () => {
  it.each([
    ['random 32 chars', 'dgU-I8H1Q2Bup7Z3TY4NhF4sNHvmVkY5', []],
    ["the guide's access token", 'EAAGm0PX4ZCpsBAKZAZBxyzEAAGm0PX4ZCps', ['access-token']],
    ['Instagram token', 'IGAAJZx1Jkq0BZAE1ZAbc123def456ghij', ['access-token']],
    ['app secret', '0123456789abcdef0123456789abcdef', ['app-secret']],
    ['surrounding spaces', ' dgU-I8H1Q2Bup7Z3TY4NhF4sNHvmVkY5 ', ['whitespace']],
    ['quotes kept in the value', '"dgU-I8H1Q2Bup7Z3TY4NhF4sNHvmVkY5"', ['quotes']],
    ['curly quotes', '“dgU-I8H1Q2Bup7Z3TY4NhF4sNHvmVkY5”', ['quotes']],
    ['tutorial default', 'verify_token', ['weak']],
    ['digits', '123456', ['weak']],
    ['short', 'abc-def-9', ['weak']],
    ['repeated char', 'aaaaaaaaaaaaaaaaaaaa', ['weak']],
    ['unset', undefined, ['empty']],
    ['quoted access token', "'EAAGm0PX4ZCpsBAKZAZBxyz123456'", ['access-token', 'quotes']],
  ])('%s', (_name, value, expected) => {
    expect(codes(checkVerifyToken(value))).toEqual(expected);
  });

  it('rates access tokens and app secrets as failures, weak tokens as warnings', () => {
    expect(checkVerifyToken('EAAGm0PX4ZCpsBAKZAZB')[0]!.severity).toBe('fail');
    expect(checkVerifyToken('verify_token')[0]!.severity).toBe('warn');
  });
});

describe('checkAppSecret / checkAccessToken / checkNumericId', () => {
  it.each([
    ['32 hex', '0123456789abcdef0123456789ABCDEF', []],
    ['token swapped in', 'EAAGm0PX4ZCpsBAKZAZB', ['access-token']],
    ['too short', 'abc123', ['not-hex32']],
    ['trailing space', '0123456789abcdef0123456789abcdef ', ['whitespace']],
  ])('app secret: %s', (_n, v, expected) => expect(codes(checkAppSecret(v))).toEqual(expected));

  it.each([
    ['EAA token', 'EAAGm0PX4ZCpsBAKZAZBxyz', []],
    ['app secret pasted', '0123456789abcdef0123456789abcdef', ['app-secret']],
    ['other shape', 'abc.def.ghi', ['not-access-token']],
    ['quoted', '"EAAGm0PX4ZCpsBAKZAZBxyz"', ['quotes', 'not-access-token']],
  ])('access token: %s', (_n, v, expected) => expect(codes(checkAccessToken(v))).toEqual(expected));

  it.each([
    ['id', '106540352242922', []],
    ['phone number', '+1 555-078-3881', ['not-numeric']],
    ['letters', 'abc', ['not-numeric']],
    ['unset', undefined, ['empty']],
  ])('numeric id: %s', (_n, v, expected) => expect(codes(checkNumericId(v))).toEqual(expected));

  it('explains a phone number given instead of its id', () => {
    expect(checkNumericId('+1 555-078-3881')[0]!.message).toMatch(/phone number, not an id/);
  });
});

describe('generateVerifyToken', () => {
  it.each(Array.from({ length: 20 }, (_, i) => [i]))('draw %i is 32 URL-safe chars and passes every check', () => {
    const t = generateVerifyToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(looksLikeAccessToken(t)).toBe(false);
    expect(checkVerifyToken(t)).toEqual([]);
  });
});
