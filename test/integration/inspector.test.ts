import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { Page } from 'playwright-core';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startUp, type RunningUp } from '../helpers/start-up.js';
import { apiUrl } from '../helpers/inspector-api.js';
import { waitFor } from '../helpers/wait-for.js';
import { launchBrowser, type Browser } from '../helpers/browser.js';
import { textBody, writeGeneratedLog } from '../helpers/event-log-fixture.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { post as postWebhook, readLog } from '../helpers/webhook.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const TOKEN = 'tok_inspector_0123456789';
const XSS = '<img src=x onerror=alert(1)>';

const post = (url: string, body: string) => postWebhook(url, body, { secret: SECRET });

const rowCount = (page: Page) => page.locator('#list .row').count();

describe('web inspector (headless chromium)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let up: RunningUp;
  let browser: Browser;
  let page: Page;
  let inspectorUrl: string;
  let navigations = 0;
  const dialogs: string[] = [];

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    up = await startUp(['--verify-token', TOKEN, '--app-secret', SECRET, '--inspect-port', '0'], { cwd: dir });
    inspectorUrl = String(up.events().find((e) => e.type === 'ready')!.inspectorUrl);
    browser = await launchBrowser();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(inspectorUrl).origin,
    });
    page = await browser.context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations += 1;
    });
    await page.goto(inspectorUrl);
    await page.locator('#live.ok').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    if (up && up.proc.exitCode === null) await up.stop();
    await cleanup();
  });

  it('serves on its own loopback port, shows the callback URL and only a masked token, and copies the URL', async () => {
    expect(inspectorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{32}$/);
    expect(new URL(inspectorUrl).port).not.toBe(String(up.port));
    const state = JSON.parse(await readFile(join(dir, '.wa-hook', 'state.json'), 'utf8'));
    expect(state.inspectorUrl).toBe(inspectorUrl);
    await expect.poll(() => page.locator('#callback-url').textContent()).toBe(up.url);
    expect(await page.locator('#verify-token').textContent()).toBe('tok_…');
    expect(await page.content()).not.toContain(TOKEN);
    await page.click('#copy-url');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(up.url);
  });

  it('shows an event sent to the receiver live, without reloading', async () => {
    const before = navigations;
    expect(await post(up.url, textBody('16505551234', 'Hola café', 'wamid.live1'))).toBe(200);
    const row = page.locator('#list .row', { hasText: 'Hola café' });
    await row.waitFor();
    expect(await row.locator('.kind').textContent()).toBe('text');
    expect(await row.locator('.sender').textContent()).toBe('+16505551234');
    expect(await row.locator('.sig').textContent()).toBe('valid');
    expect(await row.locator('.http').textContent()).toBe('200');
    expect(navigations).toBe(before);
  });

  it('selecting it shows the headers, the raw body as received and the signature verdict', async () => {
    const body = textBody('16505551234', 'Hola café', 'wamid.live1');
    await page.locator('#list .row', { hasText: 'Hola café' }).click();
    await expect.poll(() => page.locator('#raw-body').textContent()).toBe(body);
    expect(await page.locator('#verdict').textContent()).toMatch(/^✔ signature valid/);
    expect(await page.locator('#detail table').textContent()).toContain('x-hub-signature-256');
    expect(await page.locator('#detail pre.pretty').textContent()).toContain('"body": "Hola café"');
  });

  it('Replay resends the same bytes, freshly signed: a second event with the same body', async () => {
    const original = (await readLog(dir)).filter((r) => r.kind === 'event');
    await page.click('#replay');
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/Replayed to .*\(signed\) → 200/);
    const events = await waitFor(async () => {
      const all = (await readLog(dir)).filter((r) => r.kind === 'event');
      return all.length === original.length + 1 ? all : undefined;
    });
    const [first, second] = events.slice(-2);
    expect(second.body).toBe(first.body);
    expect(second.signature).toBe('valid');
    expect(second.id).not.toBe(first.id);
    await expect.poll(() => page.locator('#list .row', { hasText: 'Hola café' }).count()).toBe(2);
  });

  it('shows a script-injection text as text: no element created, no dialog', async () => {
    expect(await post(up.url, textBody('16505551234', XSS, 'wamid.xss'))).toBe(200);
    const row = page.locator('#list .row', { hasText: XSS });
    await row.waitFor();
    expect(await row.locator('.text').textContent()).toBe(XSS);
    await row.click();
    await expect.poll(() => page.locator('#detail pre.pretty').textContent()).toContain(XSS);
    expect(await page.evaluate("document.querySelectorAll('img, script:not([src])').length")).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('Send sample delivers a template through the receiver; the filter narrows the list; clear empties the view', async () => {
    await expect.poll(() => page.locator('#sample').inputValue()).toBe('text');
    await page.selectOption('#sample', 'image');
    await page.fill('#sample-text', 'from the page');
    await page.click('#send-form button[type=submit]');
    const row = page.locator('#list .row', { hasText: 'from the page' });
    await row.waitFor();
    expect(await row.locator('.kind').textContent()).toBe('image');
    await page.selectOption('#filter', 'image');
    await expect.poll(() => page.locator('#list .row .kind').allTextContents()).toEqual(['image']);
    await page.selectOption('#filter', '');
    await expect.poll(() => rowCount(page)).toBe(4);
    await row.click();
    await expect.poll(() => page.locator('#raw-body').textContent()).toContain('from the page');
    // The artifact CI keeps; docs/inspector.png (README) is a copy of it.
    await mkdir(join(ROOT, 'test-artifacts'), { recursive: true });
    const shot = await page.screenshot({ path: join(ROOT, 'test-artifacts', 'inspector.png') });
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    await page.click('#clear');
    await expect.poll(() => rowCount(page)).toBe(0);
    expect(await post(up.url, textBody('16505551234', 'after clear', 'wamid.after'))).toBe(200);
    await expect.poll(() => page.locator('#list .row .text').allTextContents()).toEqual(['after clear']);
  });

  it("wa-hook's own probes stay out of the list until the box is ticked", async () => {
    const verify = await runCli(['verify'], { cwd: dir, env: { WHATSAPP_VERIFY_TOKEN: TOKEN } });
    expect(verify.exitCode).toBe(0);
    // Rows arrive in order: once this one is listed, the two probes before it were offered to the page too.
    expect(await post(up.url, textBody('16505551234', 'after verify', 'wamid.after-verify'))).toBe(200);
    await expect.poll(() => page.locator('#list .row .text').first().textContent()).toBe('after verify');
    expect(await page.locator('#list .row .kind').allTextContents()).not.toContain('probe');
    await page.check('#show-probes');
    await expect
      .poll(async () => (await page.locator('#list .row .kind').allTextContents()).filter((k) => k === 'probe'))
      .toEqual(['probe', 'probe']);
    await page.uncheck('#show-probes');
    // Wait for the list to render again without them (the newest row is 'after verify' either way).
    await expect.poll(() => page.locator('#list .row .kind').allTextContents()).not.toContain('probe');
    expect(await page.locator('#list .row .text').first().textContent()).toBe('after verify');
  });

  it('a forged POST (refused 401) offers only "Send unsigned as received", and that sends it unsigned', async () => {
    const forged = textBody('16505550000', 'forged by a stranger', 'wamid.forged');
    const rows = await rowCount(page);
    const res = await request(up.url, {
      method: 'POST',
      body: forged,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
    });
    expect(res.statusCode).toBe(401);
    await res.body.text();
    await expect.poll(() => rowCount(page)).toBe(rows + 1);
    // Newest first: the refused request's row (its summary says why, not the message text).
    await page.locator('#list .row').first().click();
    await expect.poll(() => page.locator('#replay-unsigned').textContent()).toBe('Send unsigned as received');
    expect(await page.locator('#replay').count()).toBe(0);
    const before = (await readLog(dir)).length;
    await page.click('#replay-unsigned');
    await expect
      .poll(() => page.locator('#status').textContent())
      .toMatch(/Sent unsigned as received to .*\(unsigned\) → 401/);
    const after = await waitFor(async () => {
      const all = await readLog(dir);
      return all.length === before + 1 ? all : undefined;
    });
    expect(after.at(-1)).toMatchObject({ kind: 'rejected', signature: 'missing', body: forged });
  });

  it('a refused body stored cut offers no replay button, only a note saying why', async () => {
    const rows = await rowCount(page);
    const big = `{"pad":"${'x'.repeat(100_000)}"}`;
    const res = await request(up.url, { method: 'POST', body: big, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(401);
    await res.body.text();
    await expect.poll(() => rowCount(page)).toBe(rows + 1);
    await page.locator('#list .row').first().click();
    await expect
      .poll(() => page.locator('#replay-refused').textContent())
      .toBe(
        `No replay: this request was stored cut (first 65,536 of ${big.length.toLocaleString('en-US')} bytes: refused requests are kept only in part): it cannot be sent as received`,
      );
    expect(await page.locator('#replay, #replay-unsigned').count()).toBe(0);
  });

  it('a template status update reads as one; the webhook field filter keeps only that field', async () => {
    await page.selectOption('#sample', 'template-rejected');
    await page.click('#send-form button[type=submit]');
    const row = page.locator('#list .row', { hasText: /REJECTED reason INVALID_FORMAT/ });
    await row.waitFor();
    expect(await row.locator('.kind').textContent()).toBe('template');
    expect(await row.locator('.text').textContent()).toBe(
      'template abandoned_cart (en) REJECTED reason INVALID_FORMAT · wa-hook inspector',
    );
    await page.selectOption('#filter', 'field:message_template_status_update');
    await expect.poll(() => page.locator('#list .row .kind').allTextContents()).toEqual(['template']);
    await page.selectOption('#filter', '');
  });

  it('Play scenario: a reply goes sent → delivered → read for one wamid, in order, through the receiver', async () => {
    await page.selectOption('#filter', 'status');
    await page.selectOption('#scenario', 'reply-lifecycle');
    await page.click('#scenario-form button[type=submit]');
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 15_000 })
      .toMatch(/Played reply-lifecycle to http:\/\/127\.0\.0\.1:\d+\/webhook: 4 deliveries → 200 200 200 200/);
    const texts = await page.locator('#list .row .text').allTextContents();
    expect(texts.slice(0, 3).map((t) => /^status (\w+) (\S+)/.exec(t)?.slice(1))).toEqual([
      ['read', expect.any(String)],
      ['delivered', expect.any(String)],
      ['sent', expect.any(String)],
    ]);
    expect(new Set(texts.slice(0, 3).map((t) => t.split(' ')[2])).size).toBe(1);
    await page.selectOption('#filter', '');
  });

  it.each([
    ['a foreign Host (DNS rebinding)', { host: 'evil.example:PORT' }],
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['Origin null', { origin: 'null' }],
    ['the right host on another port', { host: '127.0.0.1:1' }],
  ])('refuses %s with 403 and no CORS headers', async (_name, headers) => {
    const port = new URL(inspectorUrl).port;
    const fixed = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('PORT', port)]));
    for (const path of ['/', '/api/info', '/api/events']) {
      const res = await request(apiUrl(inspectorUrl, path), { headers: fixed });
      expect(res.statusCode).toBe(403);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      await res.body.text();
    }
    const replay = await request(apiUrl(inspectorUrl, `/api/replay`), {
      method: 'POST',
      headers: { ...fixed, 'content-type': 'application/json' },
      body: '{"id":"x"}',
    });
    expect(replay.statusCode).toBe(403);
    await replay.body.text();
  });

  it('the receiver port (the one a tunnel exposes) does not serve the inspector', async () => {
    const res = await request(`http://127.0.0.1:${up.port}/api/info`);
    expect(res.statusCode).toBe(404);
    expect(await res.body.text()).not.toContain('verifyToken');
  });
});

describe('web inspector with 10,000 events in the log', () => {
  it('renders a window of rows and pages older ones from the file while scrolling', async () => {
    const { dir, cleanup } = await makeTempDir();
    const browser = await launchBrowser();
    let up: RunningUp | undefined;
    try {
      await writeGeneratedLog(dir, 10_000);
      up = await startUp(['--inspect-port', '0'], { cwd: dir });
      const url = String(up.events().find((e) => e.type === 'ready')!.inspectorUrl);
      const page = await browser.context.newPage();
      const started = Date.now();
      await page.goto(url);
      await page.locator('#list .row', { hasText: 'message 9999' }).waitFor();
      const firstPaint = Date.now() - started;
      expect(await page.locator('#list-foot').textContent()).toMatch(/^200 events shown · scroll for older/);
      // Only the visible window is in the DOM.
      expect(await rowCount(page)).toBeLessThan(60);
      for (let i = 0; i < 3; i++) await page.locator('#list').evaluate((el) => (el.scrollTop = el.scrollHeight));
      await expect.poll(() => page.locator('#list-foot').textContent()).toMatch(/^(4|6|8)00 events shown/);
      expect(await rowCount(page)).toBeLessThan(60);
      const scrolled = Date.now() - started;
      // Figures for the report, not assertions (no timing assertions in tests).
      console.log(`inspector with 10,000 events: first rows after ${firstPaint} ms, older pages after ${scrolled} ms`);
    } finally {
      await browser.close();
      if (up && up.proc.exitCode === null) await up.stop();
      await cleanup();
    }
  });
});
