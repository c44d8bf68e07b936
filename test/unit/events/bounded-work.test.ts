/** Issue 27 items 4 and 6: one request, bounded work — summaries, depth, distinct values, framing. */
import { describe, expect, it } from 'vitest';
import { MAX_SUMMARY_LINES, messageText, summarizePayload } from '../../../src/events/summary.js';
import { factsOf } from '../../../src/events/facts.js';
import { hasControlWhitespace, jsonDepthExceeds, MAX_JSON_DEPTH } from '../../../src/events/json-shape.js';
import { decodeRecordLine, encodeRecord } from '../../../src/events/record/line.js';
import { BodyBudget } from '../../../src/receiver/read-body-io.js';
import type { EventRecord } from '../../../src/events/record/record.js';
import { eventRecord } from '../../helpers/event-log-fixture.js';

const record = (body: string): EventRecord => eventRecord({ signature: 'unchecked', body });

function messages(n: number): unknown {
  const list = Array.from({ length: n }, (_, i) => ({
    from: String(1000 + i),
    id: `w${i}`,
    type: `t${i}`,
    text: { body: 'x' },
  }));
  return {
    object: 'whatsapp_business_account',
    entry: [{ changes: [{ field: 'messages', value: { messages: list } }] }],
  };
}

describe('summaries are capped per record', () => {
  it('300,000 messages in one body make 20 lines and one that counts the rest', () => {
    const lines = summarizePayload(messages(300_000));
    expect(lines).toHaveLength(MAX_SUMMARY_LINES + 1);
    expect(lines.at(-1)).toBe('… and 299,980 more in this request (wa-hook events show)');
  });

  it('the facts of such a record stay small: distinct types and senders are capped', () => {
    const facts = factsOf(record(JSON.stringify(messages(20_000))));
    expect(facts.types.length).toBeLessThanOrEqual(50);
    expect(facts.from.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(facts).length).toBeLessThan(10_000);
  });
});

describe('depth', () => {
  it('an edit nested 100,000 deep neither overflows the stack nor is followed', () => {
    let message: Record<string, unknown> = { type: 'text', text: { body: 'innermost' } };
    for (let i = 0; i < 100_000; i++) message = { type: 'edit', edit: { message } };
    expect(messageText(message)).toBeUndefined();
    const shallow = { type: 'edit', edit: { message: { type: 'text', text: { body: 'fixed typo' } } } };
    expect(messageText(shallow)).toBe('fixed typo');
  });

  it('jsonDepthExceeds counts brackets outside strings only', () => {
    const deep = Buffer.from('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1));
    expect(jsonDepthExceeds(deep)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from(`{"a":"${'['.repeat(500)}\\"{{{"}`))).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify(messages(3))))).toBe(false);
  });

  it('one bad record is "unreadable", never an exception that breaks a page', () => {
    // A hand-edited line: bodyBase64 that is not a string.
    const facts = factsOf({ ...record(''), body: undefined, bodyBase64: 123 as unknown as string });
    expect(facts.label).toBe('unreadable');
    expect(facts.summary[0]).toMatch(/^← unreadable record: /);
  });
});

describe('framing (v2 lines) only for control-free, shallow bodies', () => {
  const base = record('');
  it.each([
    ['a raw CR between tokens', '{"a":1,\r"b":2}'],
    ['a tab', '{"a":\t1}'],
    ['a body 300 deep', '['.repeat(300) + ']'.repeat(300)],
  ])('%s is stored as an escaped string on one plain line', (_name, body) => {
    const encoded = encodeRecord({ ...base, body }, Buffer.from(body));
    expect(encoded.body).toBeUndefined();
    expect(encoded.head).not.toMatch(/[\r\t]/);
    expect(decodeRecordLine(Buffer.from(encoded.head))?.body).toBe(body);
  });

  it('a Meta-shaped body is still framed', () => {
    const body = JSON.stringify(messages(2));
    expect(hasControlWhitespace(Buffer.from(body))).toBe(false);
    expect(encodeRecord({ ...base, body }, Buffer.from(body)).body).toBeDefined();
  });
});

describe('BodyBudget', () => {
  it('refuses what would pass the limit and frees what is given back', () => {
    const budget = new BodyBudget(10);
    expect(budget.take(6)).toBe(true);
    expect(budget.take(5)).toBe(false);
    budget.give(6);
    expect(budget.take(10)).toBe(true);
  });
});
