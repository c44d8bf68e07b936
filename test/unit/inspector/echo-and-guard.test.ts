import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  echoReplyBody,
  echoTargets,
  graphErrorHint,
  readReceiptBody,
  stopsFurtherCalls,
  type GraphFailure,
} from '../../../src/echo/replies.js';
import { isAllowedInspectorRequest } from '../../../src/inspector/guard.js';

const wrap = (messages: unknown[], field = 'messages') => ({
  object: 'whatsapp_business_account',
  entry: [{ id: '1', changes: [{ field, value: { messaging_product: 'whatsapp', messages } }] }],
});
const text = (from: string, id: string, body: string) => ({ from, id, timestamp: '1', type: 'text', text: { body } });

describe('echoTargets', () => {
  it.each([
    ['one text', wrap([text('1650', 'w1', 'hi')]), [{ from: '1650', messageId: 'w1', text: 'hi' }]],
    [
      'a batch of two',
      wrap([text('1', 'a', 'x'), text('2', 'b', 'y')]),
      [
        { from: '1', messageId: 'a', text: 'x' },
        { from: '2', messageId: 'b', text: 'y' },
      ],
    ],
    ['an image (no echo)', wrap([{ from: '1', id: 'a', type: 'image', image: { caption: 'c' } }]), []],
    [
      'a text without from (username user): replies to the BSUID',
      wrap([{ from_user_id: 'US.1', id: 'a', type: 'text', text: { body: 'x' } }]),
      [{ from: 'US.1', messageId: 'a', text: 'x' }],
    ],
    [
      'from "" (BSUID-only, as Meta sends it): replies to the BSUID',
      wrap([{ from: '', from_user_id: 'US.2', id: 'a', type: 'text', text: { body: 'x' } }]),
      [{ from: 'US.2', messageId: 'a', text: 'x' }],
    ],
    ['neither from nor from_user_id', wrap([{ from: '', id: 'a', type: 'text', text: { body: 'x' } }]), []],
    ['another field', wrap([text('1', 'a', 'x')], 'smb_message_echoes'), []],
    [
      'statuses only',
      {
        object: 'whatsapp_business_account',
        entry: [{ changes: [{ field: 'messages', value: { statuses: [{ id: 'w' }] } }] }],
      },
      [],
    ],
    ['not an object', 'text', []],
  ])('%s', (_name, payload, expected) => {
    expect(echoTargets(payload)).toEqual(expected);
  });
});

describe('request bodies', () => {
  const target = { from: '16505551234', messageId: 'wamid.X', text: 'Hola' };
  it('reply quotes the message', () => {
    expect(echoReplyBody(target)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '16505551234',
      context: { message_id: 'wamid.X' },
      type: 'text',
      text: { preview_url: false, body: 'Echo: Hola' },
    });
  });
  it('reply stays within 4096 characters', () => {
    expect((echoReplyBody({ ...target, text: 'a'.repeat(5000) }).text as { body: string }).body).toHaveLength(4096);
  });
  it('read receipt', () => {
    expect(readReceiptBody(target)).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.X' });
  });
});

const g = (code: number, subcode?: number): GraphFailure => ({
  kind: 'graph',
  httpStatus: 400,
  code,
  subcode,
  message: `(#${code}) x`,
});

describe('graphErrorHint', () => {
  it.each<[string, GraphFailure, RegExp | undefined, boolean]>([
    ['190 expired', g(190, 463), /expired or is invalid.*WHATSAPP_ACCESS_TOKEN/, true],
    ['190 malformed', g(190), /expired or is invalid/, true],
    ['131047 window', g(131047), /24 h.*template/, false],
    ['131030 allowed list', g(131030), /allowed list.*API Setup/, false],
    ['130429 rate', g(130429), /throughput.*backoff/, true],
    ['4 rate', g(4), /rate limit/, true],
    ['80007 rate', g(80007), /rate limit/, true],
    ['100/33 wrong id', g(100, 33), /PHONE_NUMBER_ID is wrong/, false],
    ['10 permission', g(10), /permission.*whatsapp_business_\*/, false],
    ['200 permission', g(200), /permission.*whatsapp_business_\*/, false],
    ['131026 undeliverable', g(131026), /undeliverable/, false],
    ['unknown code', g(12345), undefined, false],
    ['network', { kind: 'network', message: 'graph.facebook.com: ENOTFOUND' }, /network/, true],
    ['timeout', { kind: 'timeout', message: 'took longer than 10000 ms' }, /in time/, true],
  ])('%s', (_name, failure, hint, stops) => {
    const text = graphErrorHint(failure);
    if (hint) expect(text).toMatch(hint);
    else expect(text).toBeUndefined();
    expect(stopsFurtherCalls(failure)).toBe(stops);
  });

  it.each<[GraphFailure, string]>([
    [g(190, 463), 'Graph API error (#190/463): (#190) x'],
    [{ kind: 'network', message: 'h: ECONNREFUSED' }, 'cannot reach the Graph API (h: ECONNREFUSED)'],
    [{ kind: 'timeout', message: 't' }, 'no answer from the Graph API (t)'],
  ])('describeFailure %#', (failure, line) => expect(describeFailure(failure)).toBe(line));
});

describe('isAllowedInspectorRequest (DNS-rebinding defence)', () => {
  it.each([
    ['our address', { host: '127.0.0.1:4040' }, true],
    ['localhost', { host: 'localhost:4040' }, true],
    ['upper case', { host: 'LOCALHOST:4040' }, true],
    ['same-origin fetch', { host: '127.0.0.1:4040', origin: 'http://127.0.0.1:4040' }, true],
    ['no Host', {}, false],
    ['rebound name', { host: 'evil.example:4040' }, false],
    ['right address, other port', { host: '127.0.0.1:8000' }, false],
    ['no port', { host: '127.0.0.1' }, false],
    ['foreign Origin', { host: '127.0.0.1:4040', origin: 'http://evil.example' }, false],
    ['Origin on another port', { host: '127.0.0.1:4040', origin: 'http://127.0.0.1:8000' }, false],
    ['https Origin', { host: '127.0.0.1:4040', origin: 'https://127.0.0.1:4040' }, false],
    ['Origin null', { host: '127.0.0.1:4040', origin: 'null' }, false],
    ['suffix trick', { host: '127.0.0.1:4040.evil.example' }, false],
  ])('%s', (_name, headers, allowed) => {
    expect(isAllowedInspectorRequest(headers, 4040)).toBe(allowed);
  });
});
