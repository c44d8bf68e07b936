/**
 * What the phone's customer sends is the payload send-sample sends: the same template rendered with the same
 * values, only the customer's choice (the emoji, the card, the pin) set on it — key order included.
 */
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../../../src/samples/templates-io.js';
import { renderTemplate, type Template } from '../../../src/samples/render.js';
import {
  buildCustomerPayload,
  customerTemplateName,
  type CustomerMessage,
  type InboundFacts,
} from '../../../src/local-meta/customer-webhooks.js';

const templates = new Map((await loadTemplates()).map((t) => [t.name, t]));
const FACTS: InboundFacts = {
  wabaId: '102290129340398',
  phoneNumberId: '106540352242922',
  businessNumber: '15550783881',
  waId: '16505551234',
  bsuid: 'US.13491208655302741918',
  name: 'Ana',
  wamid: 'wamid.customer',
  at: 1_765_000_000_000,
};
const BOT_MESSAGE = 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJCNUQ5RUNBNTk3OEQ2M0ZEQzgA';

/** send-sample's rendering of a template for the same customer, wamid and time. */
function sendSample(name: string, extra: Record<string, string> = {}): any {
  const template = templates.get(name)!;
  return renderTemplate(template, {
    ...template.defaults,
    waba_id: FACTS.wabaId,
    phone_number_id: FACTS.phoneNumberId,
    display_phone_number: FACTS.businessNumber,
    from: FACTS.waId,
    user_id: FACTS.bsuid,
    name: FACTS.name,
    wamid: FACTS.wamid,
    media_id: '0',
    timestamp: String(FACTS.at / 1000),
    timestamp_plus_1d: String(FACTS.at / 1000 + 86_400),
    ...extra,
  });
}

function build(message: CustomerMessage): any {
  const template: Template = templates.get(customerTemplateName(message))!;
  expect(template, customerTemplateName(message)).toBeDefined();
  return buildCustomerPayload(template, message, FACTS);
}

const first = (payload: any) => payload.entry[0].changes[0].value.messages[0];

describe('customer payloads the phone sends', () => {
  it('a reaction to a bot message is send-sample’s `reaction` naming that message; no emoji is `unreaction`', () => {
    const liked = build({ type: 'reaction', from: FACTS.waId, messageId: BOT_MESSAGE, emoji: '👍' });
    expect(JSON.stringify(liked)).toBe(JSON.stringify(sendSample('reaction', { context_wamid: BOT_MESSAGE })));
    const loved = build({ type: 'reaction', from: FACTS.waId, messageId: BOT_MESSAGE, emoji: '❤️' });
    expect(first(loved).reaction).toEqual({ message_id: BOT_MESSAGE, emoji: '❤️' });
    const removed = build({ type: 'reaction', from: FACTS.waId, messageId: BOT_MESSAGE, emoji: '' });
    expect(JSON.stringify(removed)).toBe(JSON.stringify(sendSample('unreaction', { context_wamid: BOT_MESSAGE })));
    expect(first(removed).reaction).toEqual({ message_id: BOT_MESSAGE });
  });

  it('a tapped template quick-reply button is send-sample’s `template-button` with the tapped payload and text', () => {
    const tapped = build({
      type: 'button',
      from: FACTS.waId,
      payload: 'STOP_PROMOS',
      text: 'Stop promotions',
      contextId: BOT_MESSAGE,
    });
    expect(JSON.stringify(tapped)).toBe(JSON.stringify(sendSample('template-button', { context_wamid: BOT_MESSAGE })));
    const other = build({
      type: 'button',
      from: FACTS.waId,
      payload: 'Unsubscribe',
      text: 'Unsubscribe',
      contextId: BOT_MESSAGE,
    });
    expect(first(other)).toMatchObject({ type: 'button', button: { payload: 'Unsubscribe', text: 'Unsubscribe' } });
    expect(first(other).context).toEqual({ from: FACTS.businessNumber, id: BOT_MESSAGE });
  });

  it('a forwarded text carries context.forwarded, a frequently forwarded one context.frequently_forwarded', () => {
    const text = 'Look at this offer';
    const forwarded = build({ type: 'text', from: FACTS.waId, text, forwarded: 'forwarded' });
    expect(JSON.stringify(forwarded)).toBe(JSON.stringify(sendSample('forwarded', { text })));
    expect(first(forwarded).context).toEqual({ forwarded: true });
    const often = build({ type: 'text', from: FACTS.waId, text, forwarded: 'frequently' });
    expect(JSON.stringify(often)).toBe(JSON.stringify(sendSample('frequently-forwarded', { text })));
    expect(first(often).context).toEqual({ frequently_forwarded: true });
  });

  it('a location sent from a location request carries context (business number, request wamid) as Meta shows it', () => {
    const place = {
      latitude: 40.782910059774,
      longitude: -73.959075808525,
      name: 'Solomon R. Guggenheim Museum',
      address: '1071 5th Ave, New York, NY 10128',
    };
    const reply = build({ type: 'location', from: FACTS.waId, contextId: BOT_MESSAGE, ...place });
    expect(JSON.stringify(reply)).toBe(JSON.stringify(sendSample('location-reply', { context_wamid: BOT_MESSAGE })));
    expect(Object.keys(first(reply))).toEqual([
      'context',
      'from',
      'from_user_id',
      'id',
      'timestamp',
      'location',
      'type',
    ]);
    expect(first(reply).context).toEqual({ from: FACTS.businessNumber, id: BOT_MESSAGE });
    // Only the given parts: a bare pin has no name, address nor url.
    const pin = build({ type: 'location', from: FACTS.waId, latitude: 1.5, longitude: -2 });
    expect(first(pin)).not.toHaveProperty('context');
    expect(first(pin).location).toEqual({ latitude: 1.5, longitude: -2 });
  });

  it('shared contacts are Meta’s cards (name split, phone, wa_id only when on WhatsApp) in send-sample’s envelope', () => {
    const shared = build({
      type: 'contacts',
      from: FACTS.waId,
      contacts: [
        { name: 'Pablo Morales', phone: '+1 415 555 0123', waId: '14155550123' },
        { name: 'Cher', phone: '+33 6 12 34 56 78' },
      ],
    });
    expect(first(shared).contacts).toEqual([
      {
        name: { formatted_name: 'Pablo Morales', first_name: 'Pablo', last_name: 'Morales' },
        phones: [{ phone: '+1 415 555 0123', wa_id: '14155550123', type: 'CELL' }],
      },
      { name: { formatted_name: 'Cher', first_name: 'Cher' }, phones: [{ phone: '+33 6 12 34 56 78', type: 'CELL' }] },
    ]);
    const sample = sendSample('contacts');
    first(sample).contacts = first(shared).contacts;
    expect(JSON.stringify(shared)).toBe(JSON.stringify(sample));
  });
});
