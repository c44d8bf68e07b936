import { describe, expect, it } from 'vitest';
import { findJsonErrorOffset, placeOf } from '../../../src/samples/json-error.js';
import { suggestNames } from '../../../src/ui/did-you-mean.js';
import { percentile, summarizeBurst } from '../../../src/samples/send/burst-stats.js';
import { judgeDelivery, formatMs, type DeliveryContext } from '../../../src/samples/send/send-verdict.js';
import { createIdFactory, decodeWamid, encodeWamid } from '../../../src/samples/ids.js';
import { toNetworkError } from '../../../src/http/network-error.js';

/** A transport failure as the sender reports it: through the one network-error mapping. */
function failure(code: string) {
  const { kind, code: mapped, message } = toNetworkError(Object.assign(new Error(`boom ${code}`), { code }));
  return { errorKind: kind, errorCode: mapped, errorMessage: message };
}

describe('findJsonErrorOffset', () => {
  it.each([
    ['{"a":1}', undefined],
    [' [1, 2.5e3, -0, true, false, null, "x\\u00e9\\n"] ', undefined],
    ['{"a":x}', 5],
    ['{"a":1,}', 7],
    ['{"a":1', 6],
    ['', 0],
    ['{"a":"\n"}', 6],
    ['[01]', 2],
    ['{"a":1} x', 8],
    ['"\\q"', 2],
    ['{a:1}', 1],
  ])('%j → %j', (text, offset) => {
    expect(findJsonErrorOffset(text)).toBe(offset);
    // Agrees with JSON.parse about validity.
    expect(offset === undefined).toBe(
      (() => {
        try {
          JSON.parse(text);
          return true;
        } catch {
          return false;
        }
      })(),
    );
  });

  it.each([
    ['abc', 0, 1, 1],
    ['ab\ncd', 4, 2, 2],
    ['{\n  "a": x\n}', 9, 2, 8],
  ])('placeOf(%j, %d) = line %d col %d', (text, offset, line, column) =>
    expect(placeOf(text, offset)).toMatchObject({ line, column }),
  );
});

describe('suggestNames', () => {
  const names = [
    'text',
    'image',
    'reply',
    'reaction',
    'unreaction',
    'status-delivered',
    'status-read',
    'error-rate-limit',
  ];
  it.each([
    ['imag', ['image']],
    ['delivred', ['status-delivered']],
    ['delivered', ['status-delivered']],
    ['rate', ['error-rate-limit']],
    ['txt', ['text']],
    ['xyzzy-plugh', []],
  ])('%s → %j', (input, expected) =>
    expect(suggestNames(input, names).slice(0, expected.length || 1)).toEqual(expected),
  );
});

describe('burst stats', () => {
  it.each([
    [[], 50, 0],
    [[5], 99, 5],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 99, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 99, 99],
  ])('percentile(%j, %d) = %d', (values, p, expected) => expect(percentile(values, p)).toBe(expected));

  it('summarizes throughput and latency', () => {
    const s = summarizeBurst(Float64Array.from([4, 1, 3, 2]), 3, 1, 2000);
    expect(s).toEqual({
      sent: 4,
      ok: 3,
      failed: 1,
      durationMs: 2000,
      requestsPerSecond: 2,
      latencyMs: { p50: 2, p99: 4, max: 4 },
    });
  });
});

describe('judgeDelivery', () => {
  const ctx: DeliveryContext = {
    url: 'http://127.0.0.1:8000/webhook',
    signing: 'signed',
    maskedSecret: 'abcd…',
    timeoutMs: 500,
  };
  it.each([
    ['200', { status: 200, statusText: 'OK' }, true, '200 OK', /^$/],
    ['204', { status: 204 }, true, '204', /^$/],
    ['401 signed', { status: 401 }, false, '401', /app secret mismatch.*re-serialized/],
    ['403 signed', { status: 403 }, false, '403', /app secret mismatch/],
    ['404', { status: 404 }, false, '404', /wrong path/],
    ['405', { status: 405 }, false, '405', /POST/],
    ['413', { status: 413 }, false, '413', /too large/],
    ['400', { status: 400 }, false, '400', /application\/json/],
    ['301', { status: 301 }, false, '301', /redirects/],
    ['502', { status: 502 }, false, '502', /tunnel/],
    ['500', { status: 500 }, false, '500', /log/],
    [
      'refused',
      failure('ECONNREFUSED'),
      false,
      'connection refused',
      /nothing listening at 127\.0\.0\.1:8000.*wa-hook up/,
    ],
    ['timeout', failure('UND_ERR_HEADERS_TIMEOUT'), false, 'timeout after 500 ms', /fast 200/],
    ['dns', failure('ENOTFOUND'), false, 'host not found', /host name/],
    ['tls', failure('DEPTH_ZERO_SELF_SIGNED_CERT'), false, 'TLS error DEPTH_ZERO_SELF_SIGNED_CERT', /certificate/],
    ['reset', failure('ECONNRESET'), false, 'connection closed', /crash/],
    ['undici closed', failure('UND_ERR_SOCKET'), false, 'connection closed', /crash/],
    [
      'https to a plain-http port',
      failure('ERR_SSL_WRONG_VERSION_NUMBER'),
      false,
      'this port speaks http',
      /use http:\/\/ in --url/,
    ],
  ])('%s', (_n, outcome, ok, label, hint) => {
    const v = judgeDelivery(outcome, ctx);
    expect(v.ok).toBe(ok);
    expect(v.label).toBe(label);
    expect(v.hint ?? '').toMatch(hint);
  });

  it.each([
    ['unsigned', /requires X-Hub-Signature-256.*WHATSAPP_APP_SECRET/],
    ['bad', /--bad-signature.*app secret mismatch/],
  ] as const)('401 when %s', (signing, hint) => {
    expect(judgeDelivery({ status: 401 }, { ...ctx, signing }).hint).toMatch(hint);
  });

  // A negative test (--bad-signature / --unsigned): refusal with 401/403 is the pass.
  it.each([
    ['bad', 401, true, /refused, as it should be/],
    ['bad', 403, true, /refused, as it should be/],
    ['bad', 200, false, /accepted a wrong signature/],
    ['unsigned', 204, false, /accepted no signature/],
    ['unsigned', 401, true, /refused/],
    ['bad', 404, false, /^404/],
    ['bad', 500, false, /^500/],
  ] as const)('negative %s answered %i: ok=%s', (signing, status, ok, label) => {
    const v = judgeDelivery({ status }, { ...ctx, signing, negative: true });
    expect(v.ok).toBe(ok);
    expect(v.label).toMatch(label);
    if (status < 300) expect(v.hint).toMatch(/does not check X-Hub-Signature-256/);
  });

  it.each([
    [0.44, '0.4 ms'],
    [3.26, '3.3 ms'],
    [12.6, '13 ms'],
  ])('formatMs(%d) = %s', (ms, text) => expect(formatMs(ms)).toBe(text));
});

describe('createIdFactory', () => {
  it("makes unique wamids shaped like Meta's (HBg… base64 record, = padded) and numeric media ids", () => {
    const ids = createIdFactory();
    const wamids = Array.from({ length: 5000 }, () => ids.wamid({ peer: '16505551234' }));
    expect(new Set(wamids).size).toBe(5000);
    // Same length and alphabet as Meta's inbound example wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=
    for (const id of wamids) expect(id).toMatch(/^wamid\.HBgLMTY1MDU1NTEyMzQVAgASGBQz[A-Za-z0-9+/]{27}=$/);
    expect(wamids[0]!.length).toBe('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA='.length);
    expect(decodeWamid(wamids[0]!)).toMatchObject({ peer: '16505551234', outbound: false });
    expect(decodeWamid(ids.wamid({ peer: '447700900123', outbound: true }))).toMatchObject({
      peer: '447700900123',
      outbound: true,
    });
    expect(ids.mediaId()).toMatch(/^[1-9]\d{16}$/);
  });

  it("encodes exactly the layout of Meta's reference wamids", () => {
    expect(encodeWamid('16503879439', false, '3A4A6599AEE03810144F')).toBe(
      'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
    );
    expect(encodeWamid('16503879439', true, '711925A917099AEE3F')).toBe(
      'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA',
    );
  });

  it('a seeded random source gives reproducible ids', () => {
    const seeded = () => createIdFactory((b) => b.fill(7));
    expect(seeded().wamid()).toBe(seeded().wamid());
  });
});
