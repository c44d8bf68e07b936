import { describe, expect, it } from 'vitest';
import { resolveConfig, parsePort, normalizePath } from '../../src/config/resolve.js';
import { maskSecret, redactSecrets } from '../../src/config/redact.js';
import { signBody, checkSignature } from '../../src/verification/signature.js';
import { toMetaJson } from '../../src/samples/bytes/meta-bytes.js';

describe('resolveConfig', () => {
  it.each([
    [
      'flag wins over env and .env',
      { verifyToken: 'f' },
      { WHATSAPP_VERIFY_TOKEN: 'e' },
      { WHATSAPP_VERIFY_TOKEN: 'd' },
      'f',
      'flag',
    ],
    ['env wins over .env', {}, { WHATSAPP_VERIFY_TOKEN: 'e' }, { WHATSAPP_VERIFY_TOKEN: 'd' }, 'e', 'env'],
    ['.env used when nothing else', {}, {}, { WHATSAPP_VERIFY_TOKEN: 'd' }, 'd', 'dotenv'],
    ['empty env does not hide .env', {}, { WHATSAPP_VERIFY_TOKEN: '' }, { WHATSAPP_VERIFY_TOKEN: 'd' }, 'd', 'dotenv'],
    ['unset everywhere', {}, {}, {}, undefined, undefined],
  ])('%s', (_name, flags, env, dotenv, value, source) => {
    const r = resolveConfig(flags, env, dotenv);
    expect(r.values.verifyToken).toBe(value);
    expect(r.sources.verifyToken).toBe(source);
  });

  it('falls back to defaults for port, path and graph URL', () => {
    const r = resolveConfig({}, {}, {});
    expect(r.values).toMatchObject({ port: '8000', path: '/webhook' });
    expect(r.sources.port).toBe('default');
  });

  it.each([
    ['8000', 8000],
    ['0', 0],
    [' 3000 ', 3000],
    ['65536', undefined],
    ['-1', undefined],
    ['abc', undefined],
    [undefined, undefined],
  ])('parsePort(%j) = %j', (raw, expected) => expect(parsePort(raw)).toBe(expected));

  it.each([
    ['webhook', '/webhook'],
    ['/api/v1/x', '/api/v1/x'],
  ])('normalizePath(%j)', (raw, out) => expect(normalizePath(raw)).toBe(out));
});

describe('redact', () => {
  it.each([
    ['EAAGm0PX4ZCpsBAKZAZB', 'EAAG…'],
    ['abc', '…'],
    ['', '(not set)'],
    [undefined, '(not set)'],
  ])('maskSecret(%j) = %j', (input, expected) => expect(maskSecret(input)).toBe(expected));

  it('replaces every occurrence of each secret', () => {
    expect(redactSecrets('a=supersecret1 b=supersecret1 c=other-secret', ['supersecret1', 'other-secret'])).toBe(
      'a=supe… b=supe… c=othe…',
    );
  });
});

describe('signature', () => {
  // Known vector: HMAC-SHA256(key="secret", msg="{}") computed independently with openssl.
  it('matches a known HMAC-SHA256 vector', () => {
    expect(signBody('{}', 'secret')).toBe('sha256=77325902caca812dc259733aacd046b73817372c777b8d95b402647474516e13');
  });

  it.each([
    ['valid', () => signBody('body', 'k'), 'k', true, undefined],
    ['uppercase hex accepted', () => `sha256=${signBody('body', 'k').slice(7).toUpperCase()}`, 'k', true, undefined],
    ['missing', () => undefined, 'k', false, 'missing'],
    ['no prefix', () => signBody('body', 'k').slice(7), 'k', false, 'malformed'],
    ['wrong key', () => signBody('body', 'other'), 'k', false, 'mismatch'],
  ])('%s', (_n, header, secret, ok, reason) => {
    const result = checkSignature(Buffer.from('body'), header(), secret);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.reason).toBe(reason);
  });
});

describe('toMetaJson', () => {
  it.each([
    [
      'accent',
      { caption: 'Hola quiero un café', mime_type: 'image/jpeg' },
      '{"caption":"Hola quiero un caf\\u00e9","mime_type":"image\\/jpeg"}',
    ],
    ['cyrillic', { t: 'Привет' }, '{"t":"\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442"}'],
    ['emoji as surrogate pair', { e: '👍' }, '{"e":"\\ud83d\\udc4d"}'],
    ['plain ascii unchanged', { a: 1, b: [true, null] }, '{"a":1,"b":[true,null]}'],
    ['quote and backslash', { q: 'a"b\\c' }, '{"q":"a\\"b\\\\c"}'],
  ])('%s', (_n, value, wire) => {
    const text = toMetaJson(value);
    expect(text).toBe(wire);
    expect(/^[\x00-\x7f]*$/.test(text)).toBe(true);
    expect(JSON.parse(text)).toEqual(value);
  });
});
