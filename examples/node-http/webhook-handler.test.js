// Testing a webhook handler with wa-hook's samples: the exact bytes Meta sends, signed with your app secret.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renderSample } from 'wa-hook';
import { createWebhookServer } from './webhook-handler.js';

const appSecret = 'test-app-secret-0123456789abcdef';
const received = [];
const server = createWebhookServer({ verifyToken: 'my-verify-token', appSecret, onMessage: (m) => received.push(m) });
let url;

beforeAll(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}/webhook`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

it('accepts a signed text message and hands it to the bot', async () => {
  const sample = await renderSample('text', { text: 'Hola 👋', from: '+1 650-555-1234', appSecret });
  const res = await fetch(url, { method: 'POST', headers: sample.headers, body: sample.body });
  expect(res.status).toBe(200);
  expect(received.at(-1)).toMatchObject({ type: 'text', from: '16505551234', text: { body: 'Hola 👋' } });
});

it('refuses an event signed with another secret', async () => {
  const sample = await renderSample('text', { appSecret: 'someone-else' });
  const res = await fetch(url, { method: 'POST', headers: sample.headers, body: sample.body });
  expect(res.status).toBe(401);
});

it('does not crash on a status event (no messages[] in it)', async () => {
  const sample = await renderSample('status-read', { appSecret });
  const res = await fetch(url, { method: 'POST', headers: sample.headers, body: sample.body });
  expect(res.status).toBe(200);
});
