/**
 * The inspector's Phone view against a real `wa-hook up --local --forward-to` and a tiny bot on loopback that
 * answers through local WhatsApp's Graph API, driven in headless chromium.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { Page } from 'playwright-core';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startUp, type RunningUp } from '../helpers/start-up.js';
import { launchBrowser, type Browser } from '../helpers/browser.js';
import { ROOT } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { readLog } from '../helpers/webhook.js';

const IDS = {
  appSecret: '0123456789abcdef0123456789abcdef',
  accessToken: 'EAAGphonetesttoken0123456789abcdef',
  phoneNumberId: '106540352242922',
  wabaId: '102290129340398',
};
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/** The bot under test: answers each inbound message through the Graph API local WhatsApp serves. */
function startBot(graph: () => string): Promise<{ url: string; server: Server; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const send = async (message: Record<string, unknown>) => {
    const res = await request(`${graph()}/v24.0/${IDS.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${IDS.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', ...message }),
    });
    bodies.push(await res.body.json());
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.end('ok');
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const m = payload.entry?.[0]?.changes?.[0]?.value?.messages?.[0];
      if (!m) return;
      const to = m.from as string;
      if (m.type === 'interactive') {
        void send({ to, type: 'text', text: { body: `you picked ${m.interactive.list_reply?.id}` } });
        return;
      }
      const text = String(m.text?.body ?? '');
      if (text === 'quiet' || m.type === 'reaction' || m.type === 'contacts') return;
      if (m.type === 'location') {
        void send({ to, type: 'text', text: { body: `location for ${m.context?.id ?? 'nothing'}` } });
        return;
      }
      if (text === 'where') {
        void send({
          to,
          type: 'interactive',
          interactive: {
            type: 'location_request_message',
            body: { text: 'Where should we deliver?' },
            action: { name: 'send_location' },
          },
        });
        return;
      }
      if (text === 'menu') {
        void send({
          to,
          type: 'interactive',
          interactive: {
            type: 'list',
            body: { text: 'What would you like?' },
            action: {
              button: 'Choose',
              sections: [
                {
                  title: 'Drinks',
                  rows: [
                    { id: 'tea', title: 'Tea', description: 'hot' },
                    { id: 'coffee', title: 'Coffee' },
                  ],
                },
              ],
            },
          },
        });
      } else if (text === 'hostile') {
        void send({
          to,
          type: 'text',
          text: { body: `${HOSTILE} javascript:window.__pwned=2 see https://example.com/x`, preview_url: true },
        }).then(() =>
          send({
            to,
            type: 'interactive',
            interactive: {
              type: 'button',
              header: { type: 'text', text: HOSTILE },
              body: { text: 'Click me' },
              action: { buttons: [{ type: 'reply', reply: { id: 'x', title: '<b onclick=x>' } }] },
            },
          }),
        );
      } else {
        // Mark read with the typing indicator, then answer.
        void send({ status: 'read', message_id: m.id, typing_indicator: { type: 'text' } }).then(() =>
          send({ to, type: 'text', text: { body: `echo: ${text}` } }),
        );
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`, server, bodies }),
    ),
  );
}

describe('inspector Phone view (headless chromium, up --local)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let up: RunningUp;
  let bot: Awaited<ReturnType<typeof startBot>>;
  let browser: Browser;
  let page: Page;
  let graphUrl = '';
  let businessNumber = '';
  const dialogs: string[] = [];

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    await writeFile(
      join(dir, '.env'),
      [
        `WHATSAPP_APP_SECRET=${IDS.appSecret}`,
        `WHATSAPP_ACCESS_TOKEN=${IDS.accessToken}`,
        `WHATSAPP_PHONE_NUMBER_ID=${IDS.phoneNumberId}`,
        `WHATSAPP_BUSINESS_ACCOUNT_ID=${IDS.wabaId}`,
        'WHATSAPP_VERIFY_TOKEN=verify-token-0123456789abcdef',
        '',
      ].join('\n'),
    );
    bot = await startBot(() => graphUrl);
    up = await startUp(['--local', '--graph-port', '0', '--inspect-port', '0', '--forward-to', bot.url], {
      cwd: dir,
    });
    const ready = up.events().find((e) => e.type === 'ready')!;
    // The local WhatsApp line follows `ready`.
    const local = await waitFor(() => up.events().find((e) => e.type === 'local'), { what: 'the local line' });
    graphUrl = String(local.graphUrl);
    businessNumber = String(local.businessNumber);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(String(ready.inspectorUrl));
    await page.locator('#phone').waitFor({ state: 'visible' });
    await waitFor(async () => (await page.locator('#phone-chat-name').textContent())?.includes('+16505551234'), {
      what: 'the default customer',
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await up?.stop();
    await new Promise((r) => bot?.server.close(r));
    await cleanup?.();
  });

  const bubbles = (kind: 'bot' | 'me') => page.locator(`#phone-chat .bubble.${kind}`);

  it('the customer types, the signed webhook reaches the bot, its reply shows and its ticks move to read', async () => {
    await page.locator('#phone-text').fill('hello bot');
    await page.locator('#phone-text').press('Enter');
    await expect.poll(() => bubbles('me').last().textContent()).toContain('hello bot');
    const reply = bubbles('bot').filter({ hasText: 'echo: hello bot' });
    await reply.waitFor();
    await expect.poll(() => reply.locator('.tick').getAttribute('data-tick'), { timeout: 15_000 }).toBe('read');
    // The bot marked the customer's message read: blue ticks on the customer's side too.
    await expect.poll(() => bubbles('me').last().locator('.tick').getAttribute('data-tick')).toBe('read');
    // What the bot got is the signed webhook send-sample sends, recorded in the event log as valid.
    const inbound = (await readLog(dir)).find((r) => r.kind === 'event' && String(r.body).includes('hello bot'));
    expect(inbound.signature).toBe('valid');
    expect(JSON.parse(inbound.body).entry[0].changes[0].value.messages[0]).toMatchObject({
      from: '16505551234',
      type: 'text',
      text: { body: 'hello bot' },
    });
  });

  it('a list opens as a sheet; tapping a row sends the list_reply webhook with the list message as context', async () => {
    await page.locator('#phone-text').fill('menu');
    await page.locator('#phone-compose button[type=submit]').click();
    const list = bubbles('bot').filter({ hasText: 'What would you like?' });
    await list.waitFor();
    const listWamid = await list.getAttribute('data-id');
    await list.locator('button.reply').click();
    await page.locator('#phone-sheet').waitFor({ state: 'visible' });
    await page.locator('#phone-sheet .row-button[data-row-id="coffee"]').click();
    await bubbles('bot').filter({ hasText: 'you picked coffee' }).waitFor();
    const record = await waitFor(
      async () => (await readLog(dir)).find((r) => r.kind === 'event' && String(r.body).includes('list_reply')),
      { what: 'the list_reply webhook in the event log' },
    );
    const message = JSON.parse(record.body).entry[0].changes[0].value.messages[0];
    expect(message.context.id).toBe(listWamid);
    expect(message.interactive).toEqual({ type: 'list_reply', list_reply: { id: 'coffee', title: 'Coffee' } });
    // The event list beside the phone shows it too.
    await expect.poll(() => page.locator('#list .row').filter({ hasText: 'Coffee' }).count()).toBeGreaterThan(0);
  });

  it('a file picked on the phone reaches the bot as an image webhook whose media downloads with the Bearer token', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    await page.locator('#phone-text').fill('a dot');
    await page.locator('#phone-file').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: png });
    await bubbles('me').filter({ hasText: 'dot.png' }).waitFor();
    const record = await waitFor(
      async () => (await readLog(dir)).find((r) => r.kind === 'event' && String(r.body).includes('"type":"image"')),
      { what: 'the image webhook in the event log' },
    );
    expect(record.signature).toBe('valid');
    const image = JSON.parse(record.body).entry[0].changes[0].value.messages[0].image;
    expect(image).toMatchObject({ mime_type: 'image/png', caption: 'a dot' });
    const auth = { authorization: `Bearer ${IDS.accessToken}` };
    const info = await request(`${graphUrl}/v24.0/${image.id}`, { headers: auth });
    const { url } = (await info.body.json()) as { url: string };
    const download = await request(url, { headers: auth });
    expect(Buffer.from(await download.body.arrayBuffer())).toEqual(png);
  });

  /** The webhook in the event log whose first message satisfies `match`. */
  const inboundMessage = async (what: string, match: (m: any) => boolean) => {
    const record = await waitFor(
      async () =>
        (await readLog(dir)).find(
          (r) => r.kind === 'event' && match(JSON.parse(r.body).entry?.[0]?.changes?.[0]?.value?.messages?.[0] ?? {}),
        ),
      { what },
    );
    expect(record.signature).toBe('valid');
    return JSON.parse(record.body).entry[0].changes[0].value.messages[0];
  };

  it('tapping "Send location" on a location request sends a location webhook whose context names the request', async () => {
    await page.locator('#phone-text').fill('where');
    await page.locator('#phone-text').press('Enter');
    const request = bubbles('bot').filter({ hasText: 'Where should we deliver?' });
    await request.waitFor();
    const requestWamid = (await request.getAttribute('data-id'))!;
    await request.locator('button.reply', { hasText: 'Send location' }).click();
    await bubbles('bot')
      .filter({ hasText: `location for ${requestWamid}` })
      .waitFor();
    const message = await inboundMessage('the location webhook', (m) => m.type === 'location' && !!m.context);
    expect(message.context).toEqual({ from: businessNumber, id: requestWamid });
    expect(businessNumber).toMatch(/^\d{8,15}$/);
    expect(Object.keys(message)).toEqual(['context', 'from', 'from_user_id', 'id', 'timestamp', 'location', 'type']);
    expect(message.location).toMatchObject({ latitude: 37.4847, longitude: -122.1477, name: 'Meta HQ' });
  });

  it('a reaction to a bot message is the reaction webhook naming it, and sits on that bubble', async () => {
    const target = bubbles('bot').filter({ hasText: 'Where should we deliver?' });
    const targetWamid = (await target.getAttribute('data-id'))!;
    await target.locator('button.react').click();
    await page.locator('#phone-sheet button[data-emoji="❤️"]').click();
    await expect.poll(() => target.locator('.reaction.me').textContent()).toBe('❤️');
    const message = await inboundMessage('the reaction webhook', (m) => m.type === 'reaction');
    expect(message.reaction).toEqual({ message_id: targetWamid, emoji: '❤️' });
    // Removing it: the webhook without emoji, and the badge goes.
    await target.locator('button.react').click();
    await page.locator('#phone-sheet button[data-emoji=""]').click();
    await expect.poll(() => target.locator('.reaction.me').count()).toBe(0);
    const removed = await inboundMessage('the unreaction webhook', (m) => m.type === 'reaction' && !m.reaction.emoji);
    expect(removed.reaction).toEqual({ message_id: targetWamid });
  });

  it('sharing a contact and forwarding a text send the contacts and forwarded webhooks', async () => {
    await page.locator('#phone-more').click();
    const contact = page.locator('#phone-contact-form');
    await contact.locator('input[name=name]').fill('Ana Lima');
    await contact.locator('input[name=phone]').fill('+55 11 91234 5678');
    await contact.locator('button[type=submit]').click();
    await bubbles('me').filter({ hasText: 'Ana Lima' }).waitFor();
    const card = await inboundMessage('the contacts webhook', (m) => m.type === 'contacts');
    expect(card.contacts).toEqual([
      {
        name: { formatted_name: 'Ana Lima', first_name: 'Ana', last_name: 'Lima' },
        phones: [{ phone: '+55 11 91234 5678', wa_id: '5511912345678', type: 'CELL' }],
      },
    ]);
    await page.locator('#phone-more').click();
    const forward = page.locator('#phone-forward-form');
    await forward.locator('input[name=text]').fill('quiet');
    await forward.locator('input[name=frequently]').check();
    await forward.locator('button[type=submit]').click();
    await bubbles('me').filter({ hasText: 'Forwarded many times' }).waitFor();
    const forwarded = await inboundMessage('the forwarded webhook', (m) => m.context?.frequently_forwarded === true);
    expect(forwarded).toMatchObject({ type: 'text', text: { body: 'quiet' }, context: { frequently_forwarded: true } });
  });

  it('a bot message to a chat not on screen stays delivered; opening the chat turns its ticks read and sends the read status', async () => {
    await page.locator('#phone-add-number').fill('+44 7700 900123');
    await page.locator('#phone-add-name').fill('Bo');
    await page.locator('#phone-add button[type=submit]').click();
    await expect.poll(() => page.locator('#phone-chat-name').textContent()).toContain('+447700900123');
    await page.locator('#phone-text').fill('quiet');
    await page.locator('#phone-text').press('Enter');
    await bubbles('me').filter({ hasText: 'quiet' }).waitFor();
    await page.locator('#phone-customer').selectOption('16505551234');
    await expect.poll(() => page.locator('#phone-chat-name').textContent()).toContain('+16505551234');

    const res = await request(`${graphUrl}/v24.0/${IDS.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${IDS.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: '447700900123', type: 'text', text: { body: 'Bo?' } }),
    });
    const wamid = ((await res.body.json()) as { messages: Array<{ id: string }> }).messages[0]!.id;
    const statusesInLog = async () =>
      (await readLog(dir))
        .filter((r) => r.kind === 'event' && String(r.body).includes(wamid))
        .map((r) => JSON.parse(r.body).entry[0].changes[0].value.statuses[0].status as string);
    await waitFor(async () => (await statusesInLog()).includes('delivered') || undefined, {
      what: 'the delivered status in the event log',
    });
    // The phone's state: two grey ticks, and no read was sent while the chat was not open.
    const inspectorUrl = new URL(String(up.events().find((e) => e.type === 'ready')!.inspectorUrl));
    const token = new URLSearchParams(inspectorUrl.hash.slice(1)).get('token')!;
    const state = await request(`${inspectorUrl.origin}/api/phone`, { headers: { 'x-wa-hook-token': token } });
    const shown = ((await state.body.json()) as { messages: Array<{ id: string; tick: string }> }).messages;
    expect(shown.find((m) => m.id === wamid)?.tick).toBe('delivered');
    expect(await statusesInLog()).toEqual(['sent', 'delivered']);

    await page.locator('#phone-customer').selectOption('447700900123');
    const bubble = bubbles('bot').filter({ hasText: 'Bo?' });
    await bubble.waitFor();
    await expect.poll(() => bubble.locator('.tick').getAttribute('data-tick'), { timeout: 15_000 }).toBe('read');
    const read = await waitFor(
      async () =>
        (await readLog(dir)).find(
          (r) => r.kind === 'event' && String(r.body).includes(wamid) && String(r.body).includes('"status":"read"'),
        ),
      { what: 'the read status webhook in the event log' },
    );
    expect(read.signature).toBe('valid');
    expect(await statusesInLog()).toEqual(['sent', 'delivered', 'read']);
    await page.locator('#phone-customer').selectOption('16505551234');
  });

  /** The bot sends through the Graph API; the answer as the bot sees it. */
  const botSends = async (message: Record<string, unknown>) => {
    const res = await request(`${graphUrl}/v24.0/${IDS.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${IDS.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: '16505551234', ...message }),
    });
    return { status: res.statusCode, json: (await res.body.json()) as any };
  };
  const sentBubble = async (answer: { status: number; json: any }) => {
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    const bubble = page.locator(`#phone-chat .bubble.bot[data-id="${answer.json.messages[0].id}"]`);
    await bubble.waitFor();
    return bubble;
  };
  /** Nothing the bot wrote became markup: no element of its own, only http(s) links, no script ran. */
  const expectInert = async (bubble: ReturnType<typeof page.locator>) => {
    expect(await bubble.locator('img, b, script, iframe').count()).toBe(0);
    for (const href of await bubble.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))))
      expect(href).toMatch(/^https:\/\//);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(dialogs).toEqual([]);
  };

  it('templates render from the registry (header, body, footer, URL button) with the bot’s parameters, as text', async () => {
    const template = await sentBubble(
      await botSends({
        type: 'template',
        template: {
          name: 'spring_sale',
          language: { code: 'en_US' },
          components: [
            { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example/sale.jpg' } }] },
            {
              type: 'body',
              parameters: [
                { type: 'text', text: HOSTILE },
                { type: 'text', text: 'javascript:window.__pwned=5' },
              ],
            },
            {
              type: 'button',
              sub_type: 'url',
              index: '0',
              parameters: [{ type: 'text', text: 'SPRING25"><img src=x onerror=window.__pwned=6>' }],
            },
          ],
        },
      }),
    );
    expect(await template.locator('.template .text').textContent()).toBe(
      `Hi ${HOSTILE}, our spring sale is on: javascript:window.__pwned=5 off every succulent until Sunday.`,
    );
    expect(await template.locator('.template .footer').textContent()).toBe('Reply STOP to stop promotions');
    // The image header is a link shown as text: no asset from outside the page is loaded.
    expect(await template.locator('.media.image').textContent()).toContain('https://cdn.example/sale.jpg');
    const shop = template.locator('.buttons a', { hasText: 'Shop now' });
    expect(await shop.getAttribute('href')).toBe(
      'https://www.luckyshrub.com/shop?promo=SPRING25%22%3E%3Cimg%20src=x%20onerror=window.__pwned=6%3E',
    );
    expect(await template.textContent()).toContain('template spring_sale · en_US');
    await expectInert(template);
  });

  it('a CTA URL, a carousel and a flow render their parts as text; a javascript: URL never reaches the phone', async () => {
    // The customer writes: the 24-hour window is open for the interactive sends.
    await page.locator('#phone-text').fill('quiet');
    await page.locator('#phone-text').press('Enter');
    await bubbles('me').filter({ hasText: 'quiet' }).last().waitFor();

    const cta = await sentBubble(
      await botSends({
        type: 'interactive',
        interactive: {
          type: 'cta_url',
          header: { type: 'text', text: HOSTILE },
          body: { text: 'Track it: javascript:window.__pwned=7' },
          footer: { text: '<script>window.__pwned=8</script>' },
          action: { name: 'cta_url', parameters: { display_text: '<b>Track</b>', url: 'https://track.example/o/1' } },
        },
      }),
    );
    expect(await cta.locator('.header').textContent()).toBe(HOSTILE);
    expect(await cta.locator('.footer').textContent()).toBe('<script>window.__pwned=8</script>');
    const track = cta.locator('.buttons a');
    expect([await track.textContent(), await track.getAttribute('href')]).toEqual([
      '<b>Track</b>',
      'https://track.example/o/1',
    ]);
    await expectInert(cta);
    // Meta refuses a javascript: URL (#100): the bot learns it, the phone shows nothing.
    const refused = await botSends({
      type: 'interactive',
      interactive: {
        type: 'cta_url',
        body: { text: 'never shown' },
        action: { name: 'cta_url', parameters: { display_text: 'Go', url: 'javascript:window.__pwned=9' } },
      },
    });
    expect([refused.status, refused.json.error.code]).toEqual([400, 100]);

    const card = (i: number, text: string, url: string) => ({
      card_index: i,
      type: 'cta_url',
      header: { type: 'image', image: { link: `https://cdn.example/${i}.jpg` } },
      body: { text },
      action: { name: 'cta_url', parameters: { display_text: `Buy ${i}`, url } },
    });
    const carousel = await sentBubble(
      await botSends({
        type: 'interactive',
        interactive: {
          type: 'carousel',
          body: { text: 'Our picks' },
          action: {
            cards: [
              card(0, HOSTILE, 'https://shop.example/0'),
              card(1, 'javascript:window.__pwned=10', 'https://shop.example/1'),
            ],
          },
        },
      }),
    );
    expect(await carousel.locator('.card .text').allTextContents()).toEqual([HOSTILE, 'javascript:window.__pwned=10']);
    expect(
      await carousel.locator('.card > a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')])),
    ).toEqual([
      ['Buy 0', 'https://shop.example/0'],
      ['Buy 1', 'https://shop.example/1'],
    ]);
    await expectInert(carousel);

    const flow = await sentBubble(
      await botSends({
        type: 'interactive',
        interactive: {
          type: 'flow',
          body: { text: `Book a table ${HOSTILE}` },
          action: {
            name: 'flow',
            parameters: {
              flow_message_version: '3',
              flow_cta: '<b>Book</b>',
              flow_id: '1234567890',
              flow_token: `tok-<img src=x onerror="window.__pwned=11">`,
            },
          },
        },
      }),
    );
    await flow.locator('button.reply', { hasText: '<b>Book</b>' }).click();
    const sheet = page.locator('#phone-sheet');
    await sheet.waitFor({ state: 'visible' });
    expect(await sheet.textContent()).toContain('flow_id: 1234567890');
    expect(await sheet.textContent()).toContain('flow_token: tok-<img src=x onerror="window.__pwned=11">');
    expect(await sheet.locator('img, b').count()).toBe(0);
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });
    await expectInert(flow);
  });

  it('after +24 h a free-form reply fails with 131047 and its explanation', async () => {
    await page.locator('#phone-text').fill('before the clock moves');
    await page.locator('#phone-text').press('Enter');
    await bubbles('bot').filter({ hasText: 'echo: before the clock moves' }).waitFor();
    await page.locator('#phone-clock').click();
    await expect.poll(() => page.locator('#phone-clock-offset').textContent()).toContain('+24 h');
    // The bot answers late: the window has closed in the meantime.
    const res = await request(`${graphUrl}/v24.0/${IDS.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${IDS.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: '16505551234', type: 'text', text: { body: 'late' } }),
    });
    await res.body.text();
    const late = bubbles('bot').filter({ hasText: 'late' }).last();
    await expect.poll(() => late.locator('.tick').getAttribute('data-tick'), { timeout: 15_000 }).toBe('failed');
    expect(await late.locator('.error').textContent()).toMatch(/^\(#131047\) .*24 hours/);
  });

  it('the phone API has the inspector guards: a foreign Origin or Host gets 403, no session token 401, a non-JSON POST 415', async () => {
    const inspectorUrl = new URL(String(up.events().find((e) => e.type === 'ready')!.inspectorUrl));
    const base = inspectorUrl.origin + '/';
    const token = new URLSearchParams(inspectorUrl.hash.slice(1)).get('token')!;
    const body = JSON.stringify({ from: '16505551234', type: 'text', text: 'forged' });
    const tries = [
      { origin: 'http://evil.example', 'content-type': 'application/json', 'x-wa-hook-token': token },
      { host: 'evil.example', 'content-type': 'application/json', 'x-wa-hook-token': token },
      { 'content-type': 'application/json' },
      { 'content-type': 'text/plain', 'x-wa-hook-token': token },
    ];
    const statuses = [];
    for (const headers of tries) {
      const res = await request(`${base}api/phone/send`, { method: 'POST', headers, body });
      await res.body.text();
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([403, 403, 401, 415]);
    expect((await readLog(dir)).some((r) => String(r.body).includes('forged'))).toBe(false);
  });

  it('hostile bot content stays inert: no HTML interpreted, javascript: links are text', async () => {
    await page.locator('#phone-text').fill('hostile');
    await page.locator('#phone-text').press('Enter');
    const text = bubbles('bot').filter({ hasText: 'javascript:window.__pwned=2' });
    await text.waitFor();
    const buttons = bubbles('bot').filter({ hasText: 'Click me' });
    await buttons.waitFor();
    expect(await buttons.locator('.header').textContent()).toBe(HOSTILE);
    expect(await buttons.locator('button.reply').textContent()).toBe('<b onclick=x>');
    // No element came out of the bot's strings; the only link is the http(s) one, javascript: stayed text.
    expect(await page.locator('#phone-chat img, #phone-chat b').count()).toBe(0);
    expect(await text.locator('.preview').textContent()).toContain('example.com');
    expect(await text.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      'https://example.com/x',
    ]);
    // The link builder the page uses for CTA, template and carousel URLs: anything but http(s) is inert text.
    // (A string: vitest would rewrite a dynamic import() inside a function.)
    const built = await page.evaluate(`import('/js/bubbles.js').then(({ safeLink }) =>
      ['javascript:window.__pwned=3', ' JavaScript:alert(1)', 'data:text/html,x', 'https://ok.example/'].map((u) => {
        const node = safeLink(u, 'x');
        return node.tagName + (node.getAttribute('href') ? ' ' + node.getAttribute('href') : '');
      }))`);
    expect(built).toEqual(['SPAN', 'SPAN', 'SPAN', 'A https://ok.example/']);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(dialogs).toEqual([]);

    // The chat follows the newest message to the bottom (bubbles off screen only estimate their height).
    await expect
      .poll(() =>
        page.evaluate(`(c => c.scrollHeight - c.scrollTop - c.clientHeight)(document.getElementById('phone-chat'))`),
      )
      .toBeLessThan(2);
    await mkdir(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-artifacts', 'phone.png') });
  });
});
