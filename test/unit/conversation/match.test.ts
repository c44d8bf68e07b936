import { describe, expect, it } from 'vitest';
import { readBotCall, type BotSend } from '../../../src/conversation/bot-send.js';
import { matchReply } from '../../../src/conversation/match.js';
import type { ReplyExpectation } from '../../../src/conversation/script-types.js';

const CUSTOMER = '16505551234';

function sent(body: Record<string, unknown>, status = 200, response?: unknown): BotSend {
  const call = readBotCall({
    method: 'POST',
    path: '/v24.0/106540352242922/messages',
    status,
    ms: 1,
    request: JSON.stringify({ messaging_product: 'whatsapp', to: CUSTOMER, ...body }),
    response: response ?? { messages: [{ id: 'wamid.X' }] },
  });
  if (call?.kind !== 'send') throw new Error('not a send');
  return call.send;
}

const text = (body: string) => sent({ type: 'text', text: { body } });
const buttons = sent({
  type: 'interactive',
  interactive: {
    type: 'button',
    body: { text: 'Pick' },
    action: {
      buttons: [
        { type: 'reply', reply: { id: 'p', title: 'Pizza' } },
        { type: 'reply', reply: { id: 's', title: 'Salad' } },
      ],
    },
  },
});
const template = sent({
  type: 'template',
  template: {
    name: 'order_update',
    language: { code: 'en_US' },
    components: [
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Ana' },
          { type: 'text', text: '42' },
        ],
      },
    ],
  },
});
const expectOf = (e: Omit<ReplyExpectation, 'withinMs'>): ReplyExpectation => ({ withinMs: 1000, ...e });

describe('matchReply', () => {
  it('passes what matches', () => {
    expect(matchReply(expectOf({ type: 'text', text: { equals: 'Hi' } }), text('Hi'), CUSTOMER)).toEqual([]);
    expect(matchReply(expectOf({ text: { contains: 'ell' } }), text('Hello'), CUSTOMER)).toEqual([]);
    expect(matchReply(expectOf({ text: { matches: '^Total: \\d+$' } }), text('Total: 12'), CUSTOMER)).toEqual([]);
    expect(matchReply(expectOf({ buttons: ['Pizza', 's'] }), buttons, CUSTOMER)).toEqual([]);
    expect(
      matchReply(
        expectOf({ template: { name: 'order_update', language: 'en_US', parameters: ['Ana', '42'] } }),
        template,
        CUSTOMER,
      ),
    ).toEqual([]);
    // The bot may leave out the country code: Meta prepends the business number's.
    expect(matchReply(expectOf({}), sent({ to: '6505551234', type: 'text', text: { body: 'x' } }), CUSTOMER)).toEqual(
      [],
    );
  });

  it('names each difference: field, expected, actual', () => {
    expect(matchReply(expectOf({ type: 'image' }), text('Hi'), CUSTOMER)).toEqual([
      { field: 'type', expected: '"image"', actual: '"text"' },
    ]);
    expect(matchReply(expectOf({ text: { contains: 'Bye' } }), text('Hello'), CUSTOMER)).toEqual([
      { field: 'text.body', expected: 'to contain "Bye"', actual: '"Hello"' },
    ]);
    expect(matchReply(expectOf({ text: { matches: '^\\d+$' } }), buttons, CUSTOMER)).toEqual([
      { field: 'interactive.body.text', expected: 'to match /^\\d+$/', actual: '"Pick"' },
    ]);
    expect(matchReply(expectOf({ buttons: ['Pizza', 'Soup'] }), buttons, CUSTOMER)).toEqual([
      { field: 'interactive.action.buttons', expected: '["Pizza", "Soup"]', actual: '["Pizza", "Salad"]' },
    ]);
    expect(matchReply(expectOf({ rows: ['a'] }), buttons, CUSTOMER)[0]).toEqual({
      field: 'interactive.type',
      expected: '"list"',
      actual: '"button"',
    });
    expect(
      matchReply(expectOf({ template: { name: 'order_update', parameters: ['Bo', '42'] } }), template, CUSTOMER),
    ).toEqual([{ field: 'template.components[].parameters', expected: '["Bo", "42"]', actual: '["Ana", "42"]' }]);
    expect(matchReply(expectOf({ template: { name: 'hello_world' } }), text('x'), CUSTOMER)).toEqual([
      { field: 'template', expected: '"hello_world"', actual: '(a text message)' },
    ]);
    expect(matchReply(expectOf({}), sent({ to: '447700900123', type: 'text', text: { body: 'x' } }), CUSTOMER)).toEqual(
      [{ field: 'to', expected: '"16505551234"', actual: '"447700900123"' }],
    );
  });

  it("reports Meta's refusal of the send as a difference of its own", () => {
    const refused = sent({ type: 'text', text: { body: 'x'.repeat(5000) } }, 400, {
      error: { code: 100, message: '(#100) Invalid parameter', error_data: { details: 'text.body is too long' } },
    });
    expect(matchReply(expectOf({ type: 'text' }), refused, CUSTOMER)).toEqual([
      {
        field: 'Meta answer',
        expected: 'accepted (200 with a message id)',
        actual: 'HTTP 400 (#100) Invalid parameter — text.body is too long',
      },
    ]);
  });
});

describe('readBotCall', () => {
  it('tells read receipts from sends and ignores other Graph calls', () => {
    expect(
      readBotCall({
        method: 'POST',
        path: '/v24.0/1/messages',
        status: 200,
        ms: 1,
        request: {
          messaging_product: 'whatsapp',
          status: 'read',
          message_id: 'wamid.A',
          typing_indicator: { type: 'text' },
        },
      }),
    ).toEqual({ kind: 'read', read: { messageId: 'wamid.A', typing: true, httpStatus: 200, error: undefined } });
    expect(readBotCall({ method: 'GET', path: '/v24.0/1', status: 200, ms: 1 })).toBeUndefined();
    expect(readBotCall({ method: 'POST', path: '/v24.0/1/media', status: 200, ms: 1, request: {} })).toBeUndefined();
  });
});
