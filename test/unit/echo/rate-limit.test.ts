import { describe, expect, it } from 'vitest';
import { createEchoBot, type EchoReport } from '../../../src/echo/bot-io.js';
import { createReplyLimiter } from '../../../src/echo/rate-limit.js';
import type { EventRecord } from '../../../src/events/record/record.js';

const PHONE = '106540352242922';
const payload = (n: number) => ({
  entry: [
    {
      changes: [
        {
          field: 'messages',
          value: {
            metadata: { phone_number_id: PHONE },
            messages: [{ from: '16505551234', id: `wamid.${n}`, type: 'text', text: { body: `m${n}` } }],
          },
        },
      ],
    },
  ],
});
const record = { kind: 'event', status: 200 } as EventRecord;

describe('echo reply rate limit (injected clock)', () => {
  it('allows the limit per rolling window and says so once when it refuses', () => {
    let t = 0;
    const limiter = createReplyLimiter(() => t, 3, 60_000);
    expect([limiter.take(), limiter.take(), limiter.take()].every((r) => r.ok)).toBe(true);
    expect(limiter.take()).toEqual({ ok: false, firstRefusal: true });
    expect(limiter.take()).toEqual({ ok: false, firstRefusal: false });
    t = 60_000;
    expect(limiter.take()).toEqual({ ok: true });
  });

  it('a flood of messages makes at most the limit of Graph API replies per minute', async () => {
    const t = 1_000;
    const calls: string[] = [];
    const reports: EchoReport[] = [];
    const bot = createEchoBot({
      client: {
        call: <T>(_method: string, _path: string, init?: { json?: unknown }) => {
          calls.push(JSON.stringify(init?.json));
          return Promise.resolve({ ok: true as const, data: { success: true } as T, status: 200 });
        },
        close: () => Promise.resolve(),
      },
      token: 'EAAGtoken',
      phoneNumberId: PHONE,
      report: (r) => reports.push(r),
      now: () => t,
      repliesPerMinute: 5,
    });
    for (let n = 0; n < 50; n += 1) bot.handle(record, payload(n));
    await bot.close();
    const replies = calls.filter((c) => c.includes('"type":"text"'));
    expect(replies).toHaveLength(5);
    const skipped = reports.filter((r) => 'skipped' in r);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ error: 'more than 5 replies in a minute: not replying until the rate drops' });
  });
});
