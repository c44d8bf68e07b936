/**
 * The inspector's Phone view against a real `wa-hook up --local --forward-to` and a tiny bot on loopback that
 * answers through local WhatsApp's Graph API, driven in headless chromium.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { Page } from 'playwright-core';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startUp, type RunningUp } from '../helpers/start-up.js';
import { launchBrowser, type Browser } from '../helpers/browser.js';
import { ROOT } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { parseRecordLine } from '../../src/events/record/line.js';

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

async function readLog(dir: string) {
  return (await readFile(join(dir, '.wa-hook', 'events.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => parseRecordLine(l) as any);
}

describe('inspector Phone view (headless chromium, up --local)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let up: RunningUp;
  let bot: Awaited<ReturnType<typeof startBot>>;
  let browser: Browser;
  let page: Page;
  let graphUrl = '';
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

    await mkdir(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-artifacts', 'phone.png') });
  });
});
