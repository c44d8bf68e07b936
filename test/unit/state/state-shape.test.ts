import { describe, expect, it } from 'vitest';
import { isTrustworthyShape } from '../../../src/state/state-file-io.js';

const real = {
  pid: 4242,
  instanceId: 'b7c4a2e0-5f7e-4c39-9d8e-3a1f0c2b6d10',
  startedAt: '2026-12-07T09:00:00.000Z',
  localUrl: 'http://127.0.0.1:8000/webhook',
  path: '/webhook',
  port: 8000,
  callbackUrl: 'https://a.trycloudflare.com/webhook',
  verifyToken: 'tok',
  verifyTokenSource: 'generated',
};

describe('isTrustworthyShape (.wa-hook/state.json)', () => {
  it('takes what `up` writes', () => {
    expect(isTrustworthyShape(real)).toBe(true);
  });

  it.each([
    ['null', null],
    ['an array', [real]],
    ['no startedAt', { ...real, startedAt: undefined }],
    ['a callbackUrl that is not a string', { ...real, callbackUrl: { href: 'https://x' } }],
    ['a verify token that is a number', { ...real, verifyToken: 123 }],
    ['an unknown token source', { ...real, verifyTokenSource: 'guessed' }],
    ['a local URL that is not its own receiver', { ...real, localUrl: 'http://evil.example/webhook' }],
  ])('refuses %s', (_what, state) => {
    expect(isTrustworthyShape(state)).toBe(false);
  });
});
