import { describe, expect, it } from 'vitest';
import { REFUSED_BODY_LIMIT, storedBody } from '../../../src/events/record/fields.js';
import { mayResign, replayRefusal, storedCut, unverifiedReason } from '../../../src/samples/replay-policy.js';
import { signBody } from '../../../src/verification/signature.js';

const SECRET = 'abcdefabcdefabcdefabcdefabcdef12';

describe('replayRefusal: a body stored cut is never replayed', () => {
  it('refuses a refused request cut to its first 64 KiB, with both sizes and a hint', () => {
    const fields = storedBody(Buffer.alloc(5_000_000, 'a'), { refused: true }).fields;
    expect(storedCut(fields)).toEqual({ kept: REFUSED_BODY_LIMIT, size: 5_000_000 });
    expect(replayRefusal(fields)).toEqual({
      reason:
        'was stored cut (first 65,536 of 5,000,000 bytes: refused requests are kept only in part): it cannot be sent as received',
      hint: 'send the original payload instead: `wa-hook send-sample --file payload.json`',
    });
  });

  it('counts the kept bytes of a base64 body and of a text cut back to a character boundary', () => {
    const binary = storedBody(Buffer.alloc(100_000, 0xff), { refused: true }).fields;
    expect(binary.bodyBase64).toBeDefined();
    expect(storedCut(binary)).toEqual({ kept: REFUSED_BODY_LIMIT, size: 100_000 });
    // 'é' is two bytes: the cut at 65,536 falls inside one and moves back a byte.
    const text = storedBody(Buffer.from('a' + 'é'.repeat(50_000)), { refused: true }).fields;
    expect(storedCut(text)).toEqual({ kept: REFUSED_BODY_LIMIT - 1, size: 100_001 });
    expect(replayRefusal(text)?.reason).toContain('first 65,535 of 100,001 bytes');
  });

  it('lets whole bodies through: small refused ones, accepted ones, and records without a body', () => {
    expect(replayRefusal(storedBody(Buffer.alloc(REFUSED_BODY_LIMIT, 'a'), { refused: true }).fields)).toBeUndefined();
    expect(replayRefusal(storedBody(Buffer.alloc(100_000, 'a')).fields)).toBeUndefined();
    expect(replayRefusal({})).toBeUndefined();
    // A size that is not larger than what was kept is not a cut.
    expect(replayRefusal({ body: 'abc', bodySize: 3 })).toBeUndefined();
  });

  it('applies whatever the signature: a verified but cut body is not re-signed either', () => {
    const bytes = Buffer.alloc(70_000, 'a');
    const headers = { 'x-hub-signature-256': signBody(bytes, SECRET) };
    const record = { signature: 'valid' as const, headers, ...storedBody(bytes, { refused: true }).fields };
    expect(mayResign(record, bytes, SECRET)).toBe(true);
    expect(replayRefusal(record)).toBeDefined();
  });
});

describe('mayResign: a log line saying "valid" proves nothing by itself', () => {
  const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

  it('re-signs only when the stored signature matches the stored body under the current secret', () => {
    const signed = { signature: 'valid' as const, headers: { 'x-hub-signature-256': signBody(body, SECRET) } };
    expect(mayResign(signed, body, SECRET)).toBe(true);
    // The same record after the App Secret changed: its old signature no longer vouches for it.
    expect(mayResign(signed, body, `${SECRET}x`)).toBe(false);
    expect(mayResign(signed, body, undefined)).toBe(false);
  });

  it('refuses a hand-written "valid" line: no signature, a made-up one, or one over other bytes', () => {
    for (const headers of <Record<string, string>[]>[
      {},
      { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
      { 'x-hub-signature-256': signBody(Buffer.from('other bytes'), SECRET) },
    ]) {
      const forged = { signature: 'valid' as const, headers };
      expect(mayResign(forged, body, SECRET)).toBe(false);
      expect(unverifiedReason(forged)).toContain('stored signature does not match its body');
    }
  });
});
