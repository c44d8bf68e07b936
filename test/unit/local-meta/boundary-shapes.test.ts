/**
 * Values that reach local WhatsApp from outside (a control call's body, the template registry file, a template
 * file) are checked before use: a wrong one is refused with words naming it, not a crash further on.
 */
import { describe, expect, it } from 'vitest';
import { parseCustomerMessage } from '../../../src/local-meta/customer-message.js';
import { isTemplateDef, pricingCategory } from '../../../src/local-meta/rules/template/template-def.js';
import { buildCustomerPayload, type InboundFacts } from '../../../src/local-meta/customer-webhooks.js';
import { buildStatusPayload } from '../../../src/local-meta/status-webhooks.js';
import { parseTemplate } from '../../../src/samples/render.js';

const FROM = '16505551234';

describe('parseCustomerMessage', () => {
  it.each([
    [{ type: 'text', from: FROM, text: 'hi', contextId: 'wamid.X' }],
    [{ type: 'text', from: FROM, text: 'fwd', forwarded: 'frequently' }],
    [{ type: 'button_reply', from: FROM, id: 'yes', title: 'Yes', contextId: 'wamid.X' }],
    [{ type: 'button', from: FROM, payload: 'STOP', text: 'Stop promotions', contextId: 'wamid.X' }],
    [{ type: 'location', from: FROM, latitude: 1.5, longitude: -2, name: 'Home' }],
    [{ type: 'reaction', from: FROM, messageId: 'wamid.X', emoji: '' }],
    [{ type: 'contacts', from: FROM, contacts: [{ name: 'Bo', phone: '+1 555', waId: '1555' }] }],
    [{ type: 'image', from: FROM, file: 'a.png', caption: 'pic' }],
  ])('takes %j as it is', (message) => {
    expect(parseCustomerMessage(message)).toEqual(message);
  });

  it('keeps only the fields of the kind', () => {
    expect(parseCustomerMessage({ type: 'text', from: FROM, text: 'hi', file: '/etc/passwd' })).toEqual({
      type: 'text',
      from: FROM,
      text: 'hi',
    });
  });

  it.each([
    [undefined, /must be a JSON object/],
    [{ type: 'text', text: 'hi' }, /message.from/],
    [{ type: 'text', from: FROM }, /needs "text"/],
    [{ type: 'text', from: FROM, text: 'x', forwarded: 'yes' }, /forwarded/],
    [{ type: 'list_reply', from: FROM, id: 'a', title: 'A' }, /list_reply needs "id", "title" and "contextId"/],
    [{ type: 'location', from: FROM, latitude: '1', longitude: 2 }, /numbers "latitude" and "longitude"/],
    [{ type: 'reaction', from: FROM, messageId: 'wamid.X' }, /needs "messageId" and "emoji"/],
    [{ type: 'button', from: FROM, payload: 'STOP', contextId: 'wamid.X' }, /button tap needs "payload", "text"/],
    [{ type: 'contacts', from: FROM, contacts: [{ name: 'Bo' }] }, /each with a "name" and a "phone"/],
    [{ type: 'contacts', from: FROM, contacts: [] }, /contacts needs cards/],
    [{ type: 'video', from: FROM }, /a video needs "file"/],
    [{ type: 'order', from: FROM }, /no customer message of type "order"/],
  ])('refuses %j', (message, why) => {
    expect(parseCustomerMessage(message)).toMatch(why);
  });
});

describe('isTemplateDef', () => {
  const ok = { id: '1', name: 'hello', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [] };

  it('takes Meta template objects, extra fields included', () => {
    expect(isTemplateDef(ok)).toBe(true);
    expect(isTemplateDef({ ...ok, parameter_format: 'NAMED', quality_score: {} })).toBe(true);
  });

  it.each([
    ['no category', { ...ok, category: undefined }],
    ['an unknown status', { ...ok, status: 'approved' }],
    ['components not a list', { ...ok, components: {} }],
    ['a number id', { ...ok, id: 1 }],
    ['an unknown parameter_format', { ...ok, parameter_format: 'MIXED' }],
  ])('refuses a template with %s', (_why, value) => {
    expect(isTemplateDef(value)).toBe(false);
  });

  it('maps each category to the lowercase name statuses and pricing use', () => {
    expect(pricingCategory('AUTHENTICATION')).toBe('authentication');
  });
});

describe('a template file without the part a customer message or a status fills', () => {
  const facts: InboundFacts = {
    wabaId: '1',
    phoneNumberId: '2',
    businessNumber: '15550000000',
    waId: FROM,
    bsuid: 'US.1',
    name: 'Ana',
    wamid: 'wamid.A',
    at: 0,
  };
  const hollow = parseTemplate('hollow', {
    _meta: { version: 1, description: 'no messages' },
    object: 'whatsapp_business_account',
    entry: [{ changes: [{ value: { contacts: [] }, field: 'messages' }] }],
  });

  it('names the template and the missing object', () => {
    expect(() => buildCustomerPayload(hollow, { type: 'text', from: FROM, text: 'hi' }, facts)).toThrow(
      'template hollow has no object at entry[0].changes[0].value.messages[0]',
    );
    expect(() =>
      buildStatusPayload(
        hollow,
        { status: 'sent', afterMs: 0, priced: false },
        { ...facts, category: 'utility', inWindow: true },
      ),
    ).toThrow('template hollow has no object at entry[0].changes[0].value.statuses[0]');
  });
});
