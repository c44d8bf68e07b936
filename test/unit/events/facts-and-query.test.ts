import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src/events/record/record.js';
import { factsOf } from '../../../src/events/facts.js';
import { matchesQuery, normalizeSender, parseSince, parseTypes } from '../../../src/events/query.js';
import { verdictOf } from '../../../src/events/verdict.js';
import { eventRecord, webhookBody } from '../../helpers/event-log-fixture.js';

const NOW = Date.UTC(2026, 6, 1, 12, 0, 0);
const wrap = (value: unknown, field = 'messages') => webhookBody(value, { field });
const rec = (over: Partial<EventRecord>): EventRecord =>
  eventRecord({ id: 'evt_1', receivedAt: new Date(NOW).toISOString(), ...over });
const text = rec({
  body: wrap({
    contacts: [{ profile: { name: 'Ana' }, wa_id: '16505551234' }],
    messages: [{ from: '16505551234', id: 'w1', type: 'text', text: { body: 'Hi <b>' } }],
  }),
});
const image = rec({
  body: wrap({ messages: [{ from: 'US.13491208655302741918', id: 'w2', type: 'image', image: { caption: 'pic' } }] }),
});
const status = rec({
  body: wrap({
    statuses: [
      { id: 'w3', status: 'failed', recipient_id: '16505551234', errors: [{ code: 131049, title: 'withheld' }] },
    ],
  }),
});
const valueError = rec({ body: wrap({ errors: [{ code: 130429, title: 'Rate limit hit' }] }) });
const template = rec({ body: wrap({ event: 'APPROVED' }, 'message_template_status_update') });
const verification = rec({
  kind: 'verification',
  method: 'GET',
  status: 403,
  signature: 'unchecked',
  reason: 'token-mismatch',
  detail: 'got abcd… (5 chars), expected my-v… (19 chars)',
});
const rejected = rec({
  kind: 'rejected',
  status: 401,
  signature: 'invalid',
  reason: 'signature-mismatch',
  body: '{}',
});
const base64 = rec({
  bodyBase64: Buffer.from(wrap({ messages: [{ from: '1', type: 'text', text: { body: 'x' } }] })).toString('base64'),
});

describe('factsOf', () => {
  it.each([
    ['text', text, 'text', ['event', 'message', 'text'], ['16505551234'], 'Hi <b>'],
    ['image from a BSUID', image, 'image', ['event', 'message', 'image'], ['US.13491208655302741918'], 'pic'],
    ['failed status', status, 'status', ['event', 'status', 'failed', 'error'], [], undefined],
    ['value-level error', valueError, 'error', ['event', 'error'], [], undefined],
    ['other field', template, 'template', ['event', 'message_template_status_update', 'approved'], [], undefined],
    ['verification', verification, 'verification', ['verification'], [], undefined],
    ['rejected', rejected, 'rejected', ['rejected'], [], undefined],
    ['base64 body', base64, 'text', ['event', 'message', 'text'], ['1'], 'x'],
  ])('%s', (_name, record, label, types, from, shortText) => {
    const facts = factsOf(record);
    expect(facts.label).toBe(label);
    expect(facts.types).toEqual(types);
    expect(facts.from).toEqual(from);
    expect(facts.text).toBe(shortText);
    expect(facts.summary.length).toBeGreaterThan(0);
  });

  it('summarizes like the live view', () => {
    expect(factsOf(text).summary).toEqual(['← text from +16505551234 (Ana) "Hi <b>"']);
    expect(factsOf(verification).summary[0]).toMatch(/^← verification refused \(403\): verify token mismatch/);
    expect(factsOf(status).to).toEqual(['16505551234']);
  });
});

describe('parseSince / parseTypes / normalizeSender', () => {
  it.each([
    ['10m', NOW - 600_000],
    ['2h', NOW - 7_200_000],
    ['1d', NOW - 86_400_000],
    ['90s', NOW - 90_000],
    ['1w', NOW - 604_800_000],
    ['2026-07-01T11:00:00Z', Date.UTC(2026, 6, 1, 11)],
    ['2026-07-01', Date.UTC(2026, 6, 1)],
    ['yesterday', undefined],
    ['10', undefined],
    ['-5m', undefined],
    ['2026-13-45', undefined],
  ])('parseSince(%s)', (input, expected) => {
    expect(parseSince(input, NOW)).toBe(expected);
  });

  it.each([
    ['text', ['text']],
    ['Text, IMAGE', ['text', 'image']],
    ['status verification', ['status', 'verification']],
    [undefined, []],
  ])('parseTypes(%s)', (input, expected) => expect(parseTypes(input)).toEqual(expected));

  it.each([
    ['+1 650-555-1234', '16505551234'],
    ['16505551234', '16505551234'],
    ['US.13491208655302741918', 'US.13491208655302741918'],
  ])('normalizeSender(%s)', (input, expected) => expect(normalizeSender(input)).toBe(expected));
});

describe('matchesQuery', () => {
  it.each([
    ['no filter', text, {}, true],
    ['type match', text, { types: ['text'] }, true],
    ['any of types', image, { types: ['text', 'image'] }, true],
    ['kind as type', verification, { types: ['verification'] }, true],
    ['status value', status, { types: ['failed'] }, true],
    ['message matches every message type', image, { types: ['message'] }, true],
    ['type mismatch', status, { types: ['text'] }, false],
    ['from with formatting', text, { from: '+1 (650) 555-1234' }, true],
    ['from mismatch', text, { from: '15550000000' }, false],
    ['status is not "from" its recipient', status, { from: '16505551234' }, false],
    ['since: newer', text, { since: NOW - 1 }, true],
    ['since: older', text, { since: NOW + 1 }, false],
  ])('%s', (_name, record, query, expected) => {
    expect(matchesQuery(record, factsOf(record), query)).toBe(expected);
  });
});

describe('verdictOf', () => {
  it.each([
    ['accepted, signed', text, true, /signature valid/, undefined],
    ['accepted, unchecked', rec({ signature: 'unchecked' }), true, /not checked/, undefined],
    [
      'bad signature',
      rejected,
      false,
      /refused \(401\): signature invalid: signature does not match the body/,
      /another app secret/,
    ],
    [
      'missing signature',
      rec({ kind: 'rejected', status: 401, signature: 'missing', reason: 'signature-missing' }),
      false,
      /signature missing/,
      /Meta always signs/,
    ],
    [
      'token mismatch',
      verification,
      false,
      /verification refused \(403\): verify token mismatch: got abcd… \(5 chars\)/,
      /WHATSAPP_VERIFY_TOKEN exactly/,
    ],
    [
      'challenge answered',
      rec({ kind: 'verification', method: 'GET', signature: 'unchecked' }),
      true,
      /challenge/,
      undefined,
    ],
    [
      'not JSON',
      rec({ kind: 'rejected', status: 400, signature: 'valid', reason: 'not-json', detail: 'Unexpected end' }),
      false,
      /400/,
      /Meta always sends JSON/,
    ],
    [
      'forward failed',
      rec({ status: 502, forward: { target: 'http://127.0.0.1:1/x', ms: 3, error: 'ECONNREFUSED' } }),
      false,
      /forwarding failed: ECONNREFUSED/,
      undefined,
    ],
  ])('%s', (_name, record, ok, text, hint) => {
    const verdict = verdictOf(record);
    expect(verdict.ok).toBe(ok);
    expect(verdict.text).toMatch(text);
    if (hint) expect(verdict.hint).toMatch(hint);
    else expect(verdict.hint).toBeUndefined();
  });
});
