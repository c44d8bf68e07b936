import { describe, expect, it } from 'vitest';
import { judgeAckTime, META_ACK_TIMEOUT_MS, SLOW_ACK_MS } from '../../../src/events/ack-time.js';
import { judgeDelivery, type DeliveryContext } from '../../../src/samples/send/send-verdict.js';

describe('judgeAckTime', () => {
  it('is quiet up to the threshold and speaks above it', () => {
    expect(judgeAckTime(SLOW_ACK_MS)).toBeUndefined();
    expect(judgeAckTime(SLOW_ACK_MS + 1)).toMatchObject({ slowMs: SLOW_ACK_MS, pastTimeout: false });
    expect(judgeAckTime(12068)?.message).toBe(`slow acknowledgement: 12068 ms (over ${SLOW_ACK_MS} ms)`);
    expect(judgeAckTime(120, 100)?.slowMs).toBe(100);
  });

  it("past Meta's timeout says Meta sends it again", () => {
    const slow = judgeAckTime(META_ACK_TIMEOUT_MS + 500)!;
    expect(slow.pastTimeout).toBe(true);
    expect(slow.message).toMatch(/Meta gives up after about 20 s and sends the event again/);
    expect(slow.hint).toMatch(/answer 200 first/);
  });
});

describe('judgeDelivery with the acknowledgement time', () => {
  const ctx: DeliveryContext = { url: 'http://127.0.0.1:8000/webhook', signing: 'signed', timeoutMs: 30_000 };

  it('a slow 200 passes with a warning; one past the timeout fails; a refusal is judged on its status', () => {
    expect(judgeDelivery({ status: 200, statusText: 'OK', ms: 12068 }, ctx)).toMatchObject({
      ok: true,
      label: '200 OK',
      slow: { ms: 12068 },
    });
    expect(judgeDelivery({ status: 200, ms: 3 }, ctx).slow).toBeUndefined();
    expect(judgeDelivery({ status: 200, ms: 25_000 }, ctx)).toMatchObject({ ok: false, cause: 'too-slow' });
    expect(judgeDelivery({ status: 500, ms: 12068 }, ctx)).toMatchObject({ ok: false, cause: 'server-error' });
    expect(judgeDelivery({ status: 200, ms: 120 }, { ...ctx, slowMs: 100 }).slow?.slowMs).toBe(100);
  });
});
