import { describe, expect, it } from 'vitest';
import { reasonHint, reasonText } from '../../../src/events/record/reasons.js';
import { answerHandshake } from '../../../src/verification/answer.js';
import { summarizePayload } from '../../../src/events/summary.js';

const TOKEN = 'my-verify-token-123';
const q = (s: string) => new URLSearchParams(s);

describe('answerHandshake', () => {
  it.each([
    [
      'exact match',
      `hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${TOKEN}`,
      200,
      '1158201444',
      undefined,
    ],
    [
      'URL-encoded token',
      `hub.mode=subscribe&hub.challenge=42&hub.verify_token=${encodeURIComponent(TOKEN)}`,
      200,
      '42',
      undefined,
    ],
    ['wrong token', 'hub.mode=subscribe&hub.challenge=1&hub.verify_token=other', 403, 'Forbidden\n', 'token-mismatch'],
    [
      'token with spaces',
      `hub.mode=subscribe&hub.challenge=1&hub.verify_token=%20${TOKEN}%20`,
      403,
      'Forbidden\n',
      'token-spaced',
    ],
    ['missing token', 'hub.mode=subscribe&hub.challenge=1', 403, 'Forbidden\n', 'token-missing'],
    [
      'wrong mode',
      `hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=${TOKEN}`,
      403,
      'Forbidden\n',
      'mode-not-subscribe',
    ],
    ['missing challenge', `hub.mode=subscribe&hub.verify_token=${TOKEN}`, 400, 'Bad Request\n', 'challenge-missing'],
    ['no hub params (browser)', '', 400, expect.stringContaining('callback URL'), 'no-hub-params'],
  ])('%s', (_name, query, status, body, reason) => {
    const answer = answerHandshake(q(query), TOKEN);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual(body);
    if (reason) expect(answer.reason).toBe(reason);
    expect(answer.detail ?? '').not.toContain(TOKEN);
  });

  it('says which tokens differed, masked', () => {
    const answer = answerHandshake(q('hub.mode=subscribe&hub.challenge=1&hub.verify_token=other'), TOKEN);
    expect(reasonText(answer.reason!, answer.detail)).toBe(
      'verify token mismatch: got othe… (5 chars), expected my-v… (19 chars)',
    );
  });

  it('points out whitespace-only differences', () => {
    const answer = answerHandshake(q(`hub.mode=subscribe&hub.challenge=1&hub.verify_token=${TOKEN}%20`), TOKEN);
    expect(reasonHint(answer.reason)).toMatch(/whitespace/);
  });
});

const envelope = (value: object, field = 'messages') => ({
  object: 'whatsapp_business_account',
  entry: [{ id: '1', changes: [{ field, value }] }],
});

describe('summarizePayload', () => {
  it.each([
    [
      'text with name',
      envelope({
        contacts: [{ profile: { name: 'Ann' }, wa_id: '1555' }],
        messages: [{ from: '1555', type: 'text', text: { body: 'Hi' } }],
      }),
      ['← text from +1555 (Ann) "Hi"'],
    ],
    [
      'image caption',
      envelope({ messages: [{ from: '1', type: 'image', image: { caption: 'Look' } }] }),
      ['← image from +1 "Look"'],
    ],
    [
      'button reply',
      envelope({
        messages: [
          {
            from: '1',
            type: 'interactive',
            interactive: { type: 'button_reply', button_reply: { id: 'a', title: 'Yes' } },
          },
        ],
      }),
      ['← interactive from +1 "Yes"'],
    ],
    [
      'forwarded',
      envelope({ messages: [{ from: '1', type: 'text', context: { forwarded: true }, text: { body: 'x' } }] }),
      ['← text from +1 [forwarded] "x"'],
    ],
    [
      'status',
      envelope({ statuses: [{ id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQz', status: 'delivered', recipient_id: '1555' }] }),
      ['← status delivered wamid.HBgLMTY1MDM4… to 1555'],
    ],
    [
      'failed status',
      envelope({
        statuses: [{ id: 'w', status: 'failed', recipient_id: '1', errors: [{ code: 131049, title: 'Withheld' }] }],
      }),
      ['← status failed w to 1 error 131049 Withheld'],
    ],
    [
      'value errors',
      envelope({ errors: [{ code: 130429, title: 'Rate limit hit' }] }),
      ['← error 130429 Rate limit hit'],
    ],
    ['other field', envelope({}, 'account_update'), ['← account update']],
    ['an unknown field', envelope({ event: 'X' }, 'some_new_field'), ['← some_new_field update X']],
    [
      'batched: two messages and a status',
      envelope({
        messages: [
          { from: '1', type: 'text', text: { body: 'a' } },
          { from: '2', type: 'text', text: { body: 'b' } },
        ],
        statuses: [{ id: 'w', status: 'read', recipient_id: '3' }],
      }),
      ['← text from +1 "a"', '← text from +2 "b"', '← status read w to 3'],
    ],
    ['not an object', [1, 2], ['← JSON that is not an object']],
    ['empty envelope', { object: 'x' }, ['← x payload without messages or statuses']],
  ])('%s', (_name, payload, lines) => expect(summarizePayload(payload)).toEqual(lines));

  it('shortens long texts to one line', () => {
    const [line] = summarizePayload(
      envelope({ messages: [{ from: '1', type: 'text', text: { body: `a\n${'b'.repeat(100)}` } }] }),
    );
    expect(line!.length).toBeLessThan(90);
    expect(line).toMatch(/…"$/);
  });
});

import { backendPath } from '../../../src/forward/relay-io.js';

describe('backendPath', () => {
  it.each([
    ['http://h/api/hook', '/webhook', '/webhook', '/api/hook'],
    ['http://h/api/hook', '/webhook/x?y=1', '/webhook', '/api/hook/x?y=1'],
    ['http://h/api/hook/', '/webhook/x', '/webhook', '/api/hook/x'],
    ['http://h/', '/webhook?hub.mode=subscribe', '/webhook', '/?hub.mode=subscribe'],
    [
      'http://h/api/v1/webhooks/whatsapp',
      '/api/v1/webhooks/whatsapp?a=%2F',
      '/api/v1/webhooks/whatsapp',
      '/api/v1/webhooks/whatsapp?a=%2F',
    ],
  ])('%s + %s', (target, incoming, callbackPath, expected) => {
    expect(backendPath(new URL(target), new URL(incoming, 'http://127.0.0.1'), callbackPath)).toBe(expected);
  });
});
