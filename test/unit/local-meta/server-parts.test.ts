/** The pure parts of local WhatsApp's server: the status ladder, the clock, faults, multipart, paths, customers. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_TIMING, statusLadder } from '../../../src/local-meta/status-webhooks.js';
import { createMovableClock, formatShift, parseClockShift } from '../../../src/local-meta/clock.js';
import { FaultBook } from '../../../src/local-meta/faults.js';
import { boundaryOf, parseMultipart } from '../../../src/local-meta/multipart.js';
import { parseGraphPath } from '../../../src/local-meta/graph/path.js';
import { bsuidFor, CustomerBook, WINDOW_MS } from '../../../src/local-meta/customers.js';
import { isAllowedInspectorRequest } from '../../../src/inspector/guard.js';

describe('status ladder', () => {
  const t = DEFAULT_STATUS_TIMING;
  it('sent → delivered → read for a message; pricing on sent and delivered', () => {
    const steps = statusLadder({ kind: 'text', voice: false, failed: false }, t);
    expect(steps.map((s) => [s.status, s.priced])).toEqual([
      ['sent', true],
      ['delivered', true],
      ['read', false],
    ]);
  });
  it('reactions get sent only; delivery errors failed only; read receipts nothing; voice adds played', () => {
    expect(statusLadder({ kind: 'reaction', voice: false, failed: false }, t).map((s) => s.status)).toEqual(['sent']);
    expect(statusLadder({ kind: 'text', voice: false, failed: true }, t).map((s) => s.status)).toEqual(['failed']);
    expect(statusLadder({ kind: 'read', voice: false, failed: false }, t)).toEqual([]);
    expect(statusLadder({ kind: 'audio', voice: true, failed: false }, t).map((s) => s.status)).toEqual([
      'sent',
      'delivered',
      'read',
      'played',
    ]);
  });
  it('never read: sent and delivered only', () => {
    const steps = statusLadder({ kind: 'text', voice: false, failed: false }, { ...t, readMs: null });
    expect(steps.map((s) => s.status)).toEqual(['sent', 'delivered']);
  });
});

describe('clock', () => {
  it('parses shifts and moves on top of the injected base', () => {
    expect(parseClockShift('+25h')).toBe(25 * 3_600_000);
    expect(parseClockShift('-1h30m')).toBe(-90 * 60_000);
    expect(parseClockShift('25')).toBeUndefined();
    expect(formatShift(90 * 60_000)).toBe('+1h30m');
    const clock = createMovableClock(() => 1_000);
    clock.advance(500);
    expect(clock.now()).toBe(1_500);
  });
});

describe('customers and the window', () => {
  it('an inbound message opens 24 h; BSUIDs are stable and find the same customer', () => {
    const book = new CustomerBook();
    const c = book.inbound('16505551234', 'wamid.A', 0);
    expect(c.bsuid).toBe(bsuidFor('16505551234'));
    expect(c.bsuid).toMatch(/^US\.\d{20}$/);
    expect(book.find(c.bsuid)).toBe(c);
    expect(book.windowOpen('16505551234', WINDOW_MS - 1)).toBe(true);
    expect(book.windowOpen('16505551234', WINDOW_MS)).toBe(false);
    expect(book.message('wamid.A')).toEqual({ waId: '16505551234', direction: 'inbound' });
  });
});

describe('faults', () => {
  it('--next is spent, --to matches only its number, --every counts', () => {
    const book = new FaultBook();
    book.add(130429, { next: 1 });
    expect(book.forSend('1')?.code).toBe(130429);
    expect(book.forSend('1')).toBeUndefined();
    book.add(131056, { to: '2' });
    expect(book.forSend('1')).toBeUndefined();
    expect(book.forSend('2')?.code).toBe(131056);
    book.clear();
    book.add(133010, { every: 2 });
    expect([book.forSend('1'), book.forSend('1'), book.forSend('1'), book.forSend('1')].map((f) => f?.code)).toEqual([
      undefined,
      133010,
      undefined,
      133010,
    ]);
    book.add(463, { every: 1 });
    expect(book.tokenFault()?.code).toBe(463);
  });
});

describe('graph paths and multipart', () => {
  it('reads versions and segments', () => {
    expect(parseGraphPath('/v24.0/123/messages')).toEqual({ apiVersion: 24, segments: ['123', 'messages'] });
    expect(parseGraphPath('/123/messages')).toEqual({ segments: ['123', 'messages'] });
    expect(parseGraphPath('/v14.0/123')).toEqual({ apiVersion: 14, segments: ['123'] });
    expect(parseGraphPath('/a//b')).toBeUndefined();
  });
  it('parses a form with a file', () => {
    const body = Buffer.from(
      '--B\r\nContent-Disposition: form-data; name="messaging_product"\r\n\r\nwhatsapp\r\n' +
        '--B\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--B--\r\n',
    );
    expect(boundaryOf('multipart/form-data; boundary=B')).toBe('B');
    const parts = parseMultipart(body, 'B')!;
    expect(parts.map((p) => [p.name, p.fileName, p.contentType, p.data.toString()])).toEqual([
      ['messaging_product', undefined, undefined, 'whatsapp'],
      ['file', 'a.png', 'image/png', 'PNG'],
    ]);
  });
});

describe('control routes guard', () => {
  it('only our own host and origin pass (a rebinding page does not)', () => {
    expect(isAllowedInspectorRequest({ host: '127.0.0.1:4041' }, 4041)).toBe(true);
    expect(isAllowedInspectorRequest({ host: 'evil.example:4041' }, 4041)).toBe(false);
    expect(isAllowedInspectorRequest({ host: '127.0.0.1:4041', origin: 'http://evil.example' }, 4041)).toBe(false);
  });
});
