import { describe, expect, it } from 'vitest';
import { botActionOf, explainError, nextTick, PhoneChats } from '../../../src/inspector/phone-model.js';
import { metaError } from '../../../src/local-meta/rules/meta-errors.js';
import { SEED_TEMPLATES } from '../../../src/local-meta/rules/template/seed-templates.js';

const accepted = (request: unknown, wamid = 'wamid.OUT1') => ({
  method: 'POST',
  path: '/v24.0/106540352242922/messages',
  status: 200,
  request,
  response: {
    messaging_product: 'whatsapp',
    contacts: [{ input: '16505551234', wa_id: '16505551234' }],
    messages: [{ id: wamid }],
  },
});

describe('phone model', () => {
  it('turns an accepted send into a bot message for that customer, and a refused one into nothing', () => {
    const action = botActionOf(
      accepted({ to: '16505551234', type: 'text', text: { body: 'hi' } }),
      5,
      [],
      () => undefined,
    );
    expect(action).toMatchObject({
      type: 'message',
      message: { id: 'wamid.OUT1', waId: '16505551234', dir: 'out', kind: 'text', tick: 'pending', at: 5 },
    });
    expect(botActionOf({ ...accepted({ type: 'text' }), status: 400 }, 0, [], () => undefined)).toBeUndefined();
    expect(
      botActionOf({ ...accepted({ type: 'text' }), path: '/v24.0/1/media' }, 0, [], () => undefined),
    ).toBeUndefined();
  });

  it('attaches the registry template a template send names, and reads a read receipt with typing', () => {
    const def = SEED_TEMPLATES.find((t) => t.name === 'hello_world')!;
    const action = botActionOf(
      accepted({ type: 'template', template: { name: 'hello_world', language: { code: def.language } } }),
      0,
      SEED_TEMPLATES,
      () => undefined,
    );
    expect(action?.type === 'message' && action.message.template).toBe(def);
    const read = botActionOf(
      {
        method: 'POST',
        path: '/v24.0/1/messages',
        status: 200,
        request: { status: 'read', message_id: 'wamid.IN', typing_indicator: { type: 'text' } },
        response: { success: true },
      },
      0,
      [],
      (id) => (id === 'wamid.IN' ? '16505551234' : undefined),
    );
    expect(read).toEqual({ type: 'read', waId: '16505551234', messageId: 'wamid.IN', typing: true });
  });

  it('ticks only move forward, failed always shows, with a one-line explanation', () => {
    expect(nextTick('read', 'delivered')).toBe('read');
    expect(nextTick('sent', 'read')).toBe('read');
    expect(nextTick('read', 'failed')).toBe('failed');
    expect(nextTick('failed', 'read')).toBe('failed');
    const chats = new PhoneChats();
    chats.add({ id: 'w1', waId: '1', dir: 'out', at: 2, kind: 'text', body: {}, tick: 'pending' });
    chats.add({ id: 'w0', waId: '1', dir: 'in', at: 1, kind: 'text', body: {}, tick: 'sent' });
    expect(chats.messages('1').map((m) => m.id)).toEqual(['w0', 'w1']);
    const failed = chats.applyStatus('w1', 'failed', metaError(131047, 'window closed'));
    expect(failed?.tick).toBe('failed');
    expect(failed?.error?.explanation).toMatch(/24 hours/);
    expect(chats.applyStatus('unknown', 'read')).toBeUndefined();
    expect(explainError(metaError(100, 'text.body is required'))).toBe('text.body is required');
  });
});
