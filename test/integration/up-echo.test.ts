import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startUp, startUpLive, type RunningUp } from '../helpers/start-up.js';
import { waitFor } from '../helpers/wait-for.js';
import { deliveredStatusBody, textBody } from '../helpers/event-log-fixture.js';
import { post as postWebhook } from '../helpers/webhook.js';
import {
  DEFAULT_IDS,
  defaultState,
  startFakeGraphApi,
  type FakeGraphApi,
  type MessagesError,
} from '../fixtures/fake-graph-api.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const ACCESS_TOKEN = `EAAG${'x'.repeat(30)}EchoTestToken`;
const PHONE_ID = DEFAULT_IDS.phoneNumberId;
const post = (url: string, body: string) => postWebhook(url, body, { secret: SECRET });

describe('wa-hook up --echo (bot replies through the Graph API)', () => {
  it('is refused without an app secret: anyone could make the bot message any number (exit 2, with the fix)', async () => {
    const { runCli } = await import('../helpers/run-cli.js');
    const run = await runCli(['up', '--tunnel', 'none', '--port', '0', '--no-inspect', '--echo'], {
      cwd: dir,
      env: { WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID: PHONE_ID },
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^✖ --echo needs the app secret: without signature checks anyone/m);
    expect(run.stderr).toMatch(/→ set WHATSAPP_APP_SECRET in \.env .* or pass --app-secret/);
    expect(graph.requests).toHaveLength(0);
  });

  let dir: string;
  let cleanup: () => Promise<void>;
  let graph: FakeGraphApi;
  let up: RunningUp | undefined;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    // The shared fake with one more token: the default system-user token's grants, under this test's token.
    const state = defaultState();
    state.tokens.set(ACCESS_TOKEN, state.tokens.get(DEFAULT_IDS.accessToken)!);
    graph = await startFakeGraphApi(state);
  });
  afterEach(async () => {
    if (up && up.proc.exitCode === null) await up.stop();
    up = undefined;
    await graph.close();
    await cleanup();
  });

  const startEcho = (extra: string[] = [], env: Record<string, string> = {}) =>
    startUp(['--app-secret', SECRET, '--no-inspect', '--echo', '--graph-url', graph.url, ...extra], {
      cwd: dir,
      env: { WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID: PHONE_ID, ...env },
    });

  it('replies to a text quoting it, then marks it read, with the bearer token; statuses get nothing', async () => {
    up = await startEcho();
    expect(up.events().find((e) => e.type === 'ready')).toMatchObject({ echo: true });
    expect(await post(up.url, textBody('16505551234', 'Hola 👋', 'wamid.IN1'))).toBe(200);
    await waitFor(() => up!.events().filter((e) => e.type === 'echo').length === 2 || undefined, {
      what: 'two echo results',
    });
    expect(graph.requests).toHaveLength(2);
    const [reply, read] = graph.requests;
    expect(reply).toMatchObject({
      method: 'POST',
      path: `/${PHONE_ID}/messages`,
      headers: { authorization: `Bearer ${ACCESS_TOKEN}`, 'content-type': 'application/json' },
    });
    expect(reply!.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '16505551234',
      context: { message_id: 'wamid.IN1' },
      type: 'text',
      text: { preview_url: false, body: 'Echo: Hola 👋' },
    });
    expect(read).toMatchObject({
      path: `/${PHONE_ID}/messages`,
      headers: { authorization: `Bearer ${ACCESS_TOKEN}` },
      json: { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN1' },
    });
    const results = up.events().filter((e) => e.type === 'echo');
    expect(results[0]).toMatchObject({
      action: 'reply',
      ok: true,
      to: '16505551234',
      wamid: expect.stringMatching(/^wamid\./),
    });
    expect(results[1]).toMatchObject({ action: 'read', ok: true });
    // A delivery status of the reply: recorded, and no reply to it.
    const status = deliveredStatusBody('wamid.OUT', PHONE_ID);
    expect(await post(up.url, status)).toBe(200);
    await waitFor(() => up!.events().filter((e) => e.type === 'event').length === 2 || undefined, {
      what: 'status recorded',
    });
    expect(graph.requests).toHaveLength(2);
    // The token never appears in full in what up prints.
    expect(JSON.stringify(up.events()) + up.stderr()).not.toContain(ACCESS_TOKEN);
  });

  it('prints the human lines without --json', async () => {
    const { proc, url, stdout, stderr } = await startUpLive(
      [
        '--no-inspect',
        '--echo',
        '--app-secret',
        SECRET,
        '--graph-url',
        graph.url,
        '--access-token',
        ACCESS_TOKEN,
        '--phone-number-id',
        PHONE_ID,
      ],
      { cwd: dir },
    );
    graph.state.messagesError = 131047;
    await post(url, textBody('16505551234', 'late'));
    await waitFor(() => stderr().includes('send an approved template'), { what: 'hint' });
    proc.kill('SIGTERM');
    expect((await proc).exitCode).toBe(0);
    expect(stderr()).toMatch(/echo bot {6}replies to texts as phone number 106540352242922 \(token EAAG…\)/);
    expect(stdout()).toMatch(
      /✖ echo reply to \+16505551234 failed: Graph API error \(#131047\): \(#131047\) Re-engagement message/,
    );
    expect(stdout() + stderr()).not.toContain(ACCESS_TOKEN);
  });

  it.each<[MessagesError, RegExp, boolean]>([
    [190, /access token expired or is invalid.*new token/, false],
    [131047, /24 h.*template/, true],
    [131030, /allowed list.*API Setup/, true],
    [130429, /throughput.*retry with backoff/, false],
    [4, /too many API calls.*backoff/, false],
    [80007, /rate limit.*backoff/, false],
    [131042, /payment.*Billing/, true],
    [131031, /locked.*request a review/, true],
    [133010, /not registered with Cloud API.*register/, true],
  ])('Graph error %s → its hint', async (code, hint, triesRead) => {
    graph.state.messagesError = code;
    up = await startEcho();
    expect(await post(up.url, textBody('16505551234', 'hi', 'wamid.E'))).toBe(200);
    const failed = await waitFor(() => up!.events().find((e) => e.type === 'echo' && e.action === 'reply'), {
      what: 'echo result',
    });
    expect(failed).toMatchObject({ ok: false, code });
    expect(String(failed.error)).toContain(`(#${code}`);
    expect(String(failed.hint)).toMatch(hint);
    if (triesRead)
      await waitFor(() => up!.events().find((e) => e.type === 'echo' && e.action === 'read'), { what: 'read attempt' });
    // A dead token or a rate limit is not hammered with a second call.
    else {
      await post(up.url, textBody('16505551234', 'again', 'wamid.F'));
      await waitFor(() => up!.events().filter((e) => e.type === 'echo').length === 2 || undefined, {
        what: 'second reply',
      });
      expect(
        up
          .events()
          .filter((e) => e.type === 'echo')
          .map((e) => e.action),
      ).toEqual(['reply', 'reply']);
    }
  });

  it('a message to another number (metadata.phone_number_id) gets no reply and no Graph API call', async () => {
    up = await startEcho();
    const forOther = textBody('16505551234', 'for another number').replace(PHONE_ID, '999999999');
    expect(await post(up.url, forOther)).toBe(200);
    const skipped = await waitFor(() => up!.events().find((e) => e.type === 'echo'), { what: 'echo result' });
    expect(skipped).toMatchObject({
      ok: false,
      skipped: true,
      error: `addressed to phone number 999999999, not ${PHONE_ID}: no reply`,
    });
    expect(graph.requests).toHaveLength(0);
  });

  it('a wrong phone number id maps to its hint', async () => {
    up = await startEcho([], { WHATSAPP_PHONE_NUMBER_ID: '999999999' });
    await post(up.url, textBody('16505551234', 'hi').replace(PHONE_ID, '999999999'));
    const failed = await waitFor(() => up!.events().find((e) => e.type === 'echo'), { what: 'echo result' });
    expect(failed).toMatchObject({ ok: false, code: 100, hint: expect.stringMatching(/PHONE_NUMBER_ID is wrong/) });
  });

  it('the 200 goes out before the Graph API answers (never delays the ack)', async () => {
    // A Graph API that never answers: the webhook is still acknowledged at once.
    graph.state.messagesHang = true;
    up = await startEcho();
    expect(await post(up.url, textBody('16505551234', 'quick'))).toBe(200);
    await waitFor(() => graph.requests.length === 1 || undefined, { what: 'the reply call to be in flight' });
    // Ctrl-C does not wait for the hanging Graph call.
    expect(await up.stop('SIGINT')).toBe(0);
    expect(up.events().at(-1)).toEqual({ type: 'stopped' });
    expect(up.events().some((e) => e.type === 'echo')).toBe(false);
  });

  it.each([
    [
      'no token',
      { WHATSAPP_PHONE_NUMBER_ID: PHONE_ID },
      /--echo needs WHATSAPP_ACCESS_TOKEN \(--access-token\): running without bot replies/,
    ],
    [
      'no phone number id',
      { WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN },
      /--echo needs WHATSAPP_PHONE_NUMBER_ID \(--phone-number-id\): running without bot replies/,
    ],
    ['neither', {}, /--echo needs WHATSAPP_ACCESS_TOKEN \(--access-token\) and WHATSAPP_PHONE_NUMBER_ID/],
  ])('without config (%s) says what is missing in one line and keeps receiving', async (_name, env, message) => {
    up = await startUp(['--no-inspect', '--echo', '--app-secret', SECRET, '--graph-url', graph.url], {
      cwd: dir,
      env: env,
    });
    expect(up.stderr()).toMatch(message);
    expect(up.stderr().trim().split('\n')).toHaveLength(1);
    expect(await post(up.url, textBody('16505551234', 'hi'))).toBe(200);
    await waitFor(() => up!.events().find((e) => e.type === 'event'));
    expect(graph.requests).toHaveLength(0);
    expect(up.stderr()).not.toContain(ACCESS_TOKEN);
  });
});
