import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { execa } from 'execa';
import { createLocalWhatsApp, type LocalWhatsApp } from '../../src/index.js';
import { ROOT } from '../helpers/run-cli.js';
import { startBackend } from '../helpers/webhook.js';
import { waitFor } from '../helpers/wait-for.js';
import { makeTempDir } from '../helpers/temp-dir.js';
// @ts-expect-error -- a plain JavaScript fixture (the bot under test), no types
import { startConversationBot } from '../fixtures/conversation-bot.mjs';

interface Bot {
  url: string;
  close(): Promise<void>;
}
let wa: LocalWhatsApp | undefined;
let bot: Bot | undefined;
afterEach(async () => {
  await wa?.close();
  await bot?.close();
  wa = bot = undefined;
});

/** The fixture bot reads the Graph base when it replies: it learns it once local WhatsApp has a port. */
async function start(cwd?: string): Promise<LocalWhatsApp> {
  const config: { graphBase?: string } = {};
  const secrets = { appSecret: 'api-secret-0123456789', accessToken: 'EAAApiToken', phoneNumberId: '100000000000001' };
  bot = (await startConversationBot({
    ...secrets,
    get graphBase() {
      return config.graphBase;
    },
  })) as Bot;
  wa = await createLocalWhatsApp({ forwardTo: bot.url, ...secrets, ...(cwd ? { cwd } : {}) });
  config.graphBase = `${wa.graphUrl}/v24.0`;
  return wa;
}

describe('createLocalWhatsApp', () => {
  it('gives the host-only graphUrl and the ids the bot needs', async () => {
    const local = await start();
    expect(local.graphUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(local).toMatchObject({
      phoneNumberId: '100000000000001',
      accessToken: 'EAAApiToken',
      appSecret: 'api-secret-0123456789',
    });
  });

  it('say / tap / send / nextReply / advance / statuses against a real bot', async () => {
    const local = await start();
    await local.say('menu');
    const menu = await local.nextReply({ timeoutMs: 5000 });
    expect(menu).toMatchObject({ type: 'interactive', interactive: 'button', text: 'Pick one', httpStatus: 200 });
    expect(menu.choices).toEqual([
      { id: 'pizza', title: 'Pizza' },
      { id: 'salad', title: 'Salad' },
    ]);
    await local.tap('pizza');
    expect((await local.nextReply()).text).toBe('You chose Pizza (pizza)');
    await local.send('location', { latitude: 1.5, longitude: 2.5 });
    expect((await local.nextReply()).text).toBe('You are at 1.5,2.5');
    await local.say('four buttons');
    expect((await local.nextReply()).error).toMatchObject({ code: 100 });
    await local.say('remind');
    const ok = await local.nextReply();
    local.advance('25h');
    const reminder = await local.nextReply();
    expect(reminder.text).toBe('Reminder!');
    await expect
      .poll(() => local.statuses().find((s) => s.wamid === reminder.wamid && s.status === 'failed')?.error?.code)
      .toBe(131047);
    expect(local.statuses().some((s) => s.wamid === ok.wamid && s.status === 'delivered')).toBe(true);
  });

  it('taps a template quick-reply button: a "button" message with the payload the bot gave, else the button text', async () => {
    // A fresh folder: its template registry starts from the seed, which has Meta's quick-reply example.
    const temp = await makeTempDir('wa-hook-quick-reply-');
    onTestFinished(() => temp.cleanup());
    const local = await start(temp.dir);
    await local.say('promo');
    const promo = await local.nextReply();
    expect(promo.template?.name).toBe('seasonal_promotion');
    expect(promo.choices).toEqual([
      { id: 'STOP_PROMOS', title: 'Unsubscribe from Promos' },
      { id: 'Unsubscribe from All', title: 'Unsubscribe from All' },
    ]);
    await local.tap('Unsubscribe from Promos');
    expect((await local.nextReply()).text).toBe('You tapped Unsubscribe from Promos (STOP_PROMOS)');
    await local.tap('Unsubscribe from All');
    expect((await local.nextReply()).text).toBe('You tapped Unsubscribe from All (Unsubscribe from All)');
  });

  it('nextReply rejects when the bot sends nothing; tap says what it could not find', async () => {
    const local = await start();
    await local.say('silent');
    await expect(local.nextReply({ timeoutMs: 200 })).rejects.toThrow('the bot sent no message within 200 ms');
    await expect(local.tap('Pizza')).rejects.toThrow(
      'the bot has sent no reply buttons, list or quick-reply template to tap',
    );
    expect(() => local.advance('soon')).toThrow('"soon" is not a duration');
  });

  it('rejects a customer message the bot refuses (another app secret), with why', async () => {
    bot = (await startConversationBot({ appSecret: 'the-bot-secret' })) as Bot;
    wa = await createLocalWhatsApp({ forwardTo: bot.url, appSecret: 'another-secret' });
    await expect(wa.say('hi')).rejects.toThrow(/with HTTP 401 \(does it check X-Hub-Signature-256/);
  });

  it('a 204 is no delivery for Meta: the message is refused, and the bot gets it again', async () => {
    const backend = await startBackend({
      answer: (_seen, _req, res) => {
        res.writeHead(204);
        res.end();
      },
    });
    try {
      wa = await createLocalWhatsApp({ forwardTo: `${backend.origin}/webhook`, appSecret: 'api-secret-0123456789' });
      await expect(wa.say('hi')).rejects.toThrow(/with HTTP 204: Meta takes only 200 and resends anything else/);
      await waitFor(() => backend.seen.filter((r) => r.method === 'POST').length >= 2);
      const posts = backend.seen.filter((r) => r.method === 'POST');
      expect(posts[1]!.body.equals(posts[0]!.body)).toBe(true);
    } finally {
      backend.close();
    }
  });

  it('importing the package starts nothing: no server, no timer, and the process exits at once', async () => {
    const script =
      "const api = await import('./dist/index.js');" +
      "if (typeof api.createLocalWhatsApp !== 'function') throw new Error('not exported');" +
      'console.log(JSON.stringify(process.getActiveResourcesInfo().filter((r) => !/TTYWrap|PipeWrap|FSReqCallback|CloseReq/.test(r))));';
    const result = await execa('node', ['--input-type=module', '-e', script], { cwd: ROOT, timeout: 20_000 });
    expect(JSON.parse(result.stdout)).toEqual([]);
  });
});
