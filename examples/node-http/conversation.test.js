// Testing the bot's conversation, not only its webhook: createLocalWhatsApp() runs a local WhatsApp (Meta's
// Graph API on 127.0.0.1) that POSTs the customer's messages to the bot, signed, and records the bot's replies.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLocalWhatsApp } from 'wa-hook';
import { createWebhookServer } from './webhook-handler.js';

const appSecret = 'test-app-secret-0123456789abcdef';
let wa;
let server;

// The bot: answers "hi" with two reply buttons, anything else with its text; replies through the Graph API.
async function reply(to, message) {
  const res = await fetch(`${wa.graphUrl}/v24.0/${wa.phoneNumberId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${wa.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messaging_product: 'whatsapp', to, ...message }),
  });
  if (!res.ok) throw new Error(`Graph API: ${res.status} ${await res.text()}`);
}

function onMessage(message) {
  if (message.type === 'interactive')
    return reply(message.from, {
      type: 'text',
      text: { body: `You picked ${message.interactive.button_reply.title}` },
    });
  if (message.text?.body === 'hi') {
    const buttons = ['Menu', 'Help'].map((title) => ({ type: 'reply', reply: { id: title.toLowerCase(), title } }));
    return reply(message.from, {
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Hi! How can I help?' }, action: { buttons } },
    });
  }
  return reply(message.from, { type: 'text', text: { body: `You said: ${message.text?.body}` } });
}

beforeAll(async () => {
  server = createWebhookServer({ verifyToken: 'my-verify-token', appSecret, onMessage });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  wa = await createLocalWhatsApp({ forwardTo: `http://127.0.0.1:${server.address().port}/webhook`, appSecret });
});
afterAll(async () => {
  await wa?.close();
  await new Promise((resolve) => server.close(resolve));
});

it('greets with buttons, then answers the tapped one', async () => {
  await wa.say('hi');
  const greeting = await wa.nextReply();
  expect(greeting).toMatchObject({ type: 'interactive', interactive: 'button', text: 'Hi! How can I help?' });
  expect(greeting.choices.map((c) => c.title)).toEqual(['Menu', 'Help']);

  await wa.tap('Help');
  expect((await wa.nextReply()).text).toBe('You picked Help');
});

it("repeats anything else, and Meta's statuses come back to the bot", async () => {
  await wa.say('Grüße 👋');
  const echo = await wa.nextReply();
  expect(echo.text).toBe('You said: Grüße 👋');
  await expect.poll(() => wa.statuses().some((s) => s.wamid === echo.wamid && s.status === 'delivered')).toBe(true);
});
