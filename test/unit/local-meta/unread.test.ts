/** Reading by opening the chat: the steps a send keeps, and which messages wait for the customer. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_TIMING, statusLadder } from '../../../src/local-meta/status-webhooks.js';
import { isReadable, stepsWithoutTimedRead, UnreadBook } from '../../../src/local-meta/unread.js';

const ladder = (kind: string, voice = false, failed = false, t = DEFAULT_STATUS_TIMING) =>
  statusLadder({ kind, voice, failed }, t);

describe('stepsWithoutTimedRead', () => {
  it('keeps sent and delivered (with their pricing), drops the timed read and played', () => {
    const steps = stepsWithoutTimedRead(ladder('audio', true), DEFAULT_STATUS_TIMING.deliveredMs);
    expect(steps.map((s) => [s.status, s.priced])).toEqual([
      ['sent', true],
      ['delivered', true],
    ]);
    expect(isReadable(steps)).toBe(true);
  });
  it('brings delivered back, priced, when the timing read at once', () => {
    const t = { ...DEFAULT_STATUS_TIMING, sentMs: 0, deliveredMs: 5, readMs: 5 };
    expect(ladder('text', false, false, t).map((s) => s.status)).toEqual(['sent', 'read']);
    expect(stepsWithoutTimedRead(ladder('text', false, false, t), 5)).toEqual([
      { status: 'sent', afterMs: t.sentMs, priced: true },
      { status: 'delivered', afterMs: 5, priced: true },
    ]);
  });
  it('failed sends and reactions are left as they are and are never readable', () => {
    for (const steps of [ladder('text', false, true), ladder('reaction')]) {
      expect(stepsWithoutTimedRead(steps, 300)).toEqual(steps);
      expect(isReadable(steps)).toBe(false);
    }
  });
});

describe('UnreadBook', () => {
  it('opening a chat reads its delivered messages now and its messages on their way at delivery', () => {
    const book = new UnreadBook<string>();
    book.track('1', 'a', 'A');
    book.track('1', 'b', 'B');
    book.track('2', 'c', 'C');
    expect(book.delivered('1', 'a')).toBe(false);
    expect(book.open('1')).toEqual({ readNow: ['A'], readOnDelivery: 1 });
    expect(book.delivered('1', 'b')).toBe(true);
    expect(book.open('1')).toEqual({ readNow: [], readOnDelivery: 0 });
    expect(book.delivered('2', 'c')).toBe(false);
    expect(book.open('2')).toEqual({ readNow: ['C'], readOnDelivery: 0 });
    expect(book.open('3')).toEqual({ readNow: [], readOnDelivery: 0 });
  });
});
