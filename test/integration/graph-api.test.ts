import { describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { GraphClient, appAccessToken } from '../../src/graph/client-io.js';
import { anyObject, isMessagesAnswer, type Shape } from '../../src/graph/shapes.js';
import { registerCallback, subscribeAppToWaba } from '../../src/graph/meta-setup-io.js';
import { DEFAULT_IDS, defaultState, startFakeGraphApi, type FakeGraphApi } from '../fixtures/fake-graph-api.js';
import { startSampleReceiver } from '../fixtures/sample-receiver.js';
import { closedPort } from '../helpers/doctor-project.js';
import { waitFor } from '../helpers/wait-for.js';
import { useCleanups } from '../helpers/cleanups.js';

const defer = useCleanups();

async function fake(): Promise<FakeGraphApi> {
  const g = await startFakeGraphApi(defaultState());
  defer(() => g.close());
  return g;
}

async function server(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s: Server = createServer(handler);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  defer(
    () =>
      new Promise((r) => {
        s.closeAllConnections();
        s.close(r);
      }),
  );
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

const NO_PROXY_ENV = { NO_PROXY: '127.0.0.1,localhost' };
type SendAnswer = { messages: Array<{ id: string }>; contacts: Array<{ input: string; wa_id: string }> };
/** Meta's answer to a text send: what the assertions below read. */
const isSendAnswer = (v: Record<string, unknown>): v is Record<string, unknown> & SendAnswer =>
  Array.isArray(v.messages) && Array.isArray(v.contacts);
const postMessagesAs = <T>(
  g: FakeGraphApi,
  json: unknown,
  shape: Shape<T>,
  phoneId: string = DEFAULT_IDS.phoneNumberId,
) =>
  new GraphClient({ baseUrl: g.url, env: NO_PROXY_ENV }).call('POST', `${phoneId}/messages`, {
    token: DEFAULT_IDS.accessToken,
    json,
    shape,
  });
/** With the shape the echo bot expects of any answer to /messages. */
const postMessages = (g: FakeGraphApi, json: unknown, phoneId?: string) =>
  postMessagesAs(g, json, isMessagesAnswer, phoneId);
const sendText = (g: FakeGraphApi) =>
  postMessagesAs(
    g,
    { messaging_product: 'whatsapp', to: '16505551234', type: 'text', text: { body: 'hi' } },
    isSendAnswer,
  );

describe('fake Graph API: POST /{phone-number-id}/messages (for bot replies)', () => {
  it('answers like the Cloud API', async () => {
    const g = await fake();
    const res = await sendText(g);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data).toMatchObject({
      messaging_product: 'whatsapp',
      contacts: [{ input: '16505551234', wa_id: '16505551234' }],
    });
    expect(res.data.messages[0]!.id).toMatch(/^wamid\./);
    expect(g.requests.at(-1)).toMatchObject({ method: 'POST', path: `/${DEFAULT_IDS.phoneNumberId}/messages` });
  });

  it.each([
    [131030, '(#131030) Recipient phone number not in allowed list'],
    [131047, '(#131047) Re-engagement message'],
    [130429, '(#130429) Rate limit hit'],
    [190, 'Error validating access token: Session has expired'],
    [4, '(#4) Application request limit reached'],
    [80007, '(#80007) Rate limit issues'],
    [131042, '(#131042) Business eligibility payment issue'],
    [131031, '(#131031) Account has been locked'],
    [133010, '(#133010) Phone number Not Registered'],
  ] as const)('can answer error %i', async (code, message) => {
    const g = await fake();
    g.state.messagesError = code;
    const res = await sendText(g);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error).toMatchObject({ kind: 'graph', code });
    expect((res.error as { message: string }).message).toContain(message);
  });

  it('answers a read receipt (no `to`) with {"success":true}', async () => {
    const g = await fake();
    const res = await postMessages(g, {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUI',
    });
    expect(res).toEqual({ ok: true, data: { success: true } });
  });

  it.each([
    [
      'a send without to',
      { messaging_product: 'whatsapp', type: 'text', text: { body: 'hi' } },
      '(#100) The parameter to is required.',
    ],
    [
      'a read receipt without message_id',
      { messaging_product: 'whatsapp', status: 'read' },
      '(#100) Invalid parameter',
    ],
    [
      'no messaging_product',
      { to: '16505551234', type: 'text', text: { body: 'hi' } },
      '(#100) The parameter messaging_product is required.',
    ],
  ])('refuses %s with (#100)', async (_name, json, message) => {
    const res = await postMessages(await fake(), json);
    expect(res).toMatchObject({ ok: false, error: { kind: 'graph', httpStatus: 400, code: 100, message } });
  });

  it('an unknown phone number id answers 100/33 like Graph', async () => {
    const res = await postMessages(
      await fake(),
      { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.X' },
      '999999999',
    );
    expect(res).toMatchObject({
      ok: false,
      error: {
        kind: 'graph',
        code: 100,
        subcode: 33,
        message: expect.stringMatching(/^Unsupported post request\. Object with ID '999999999'/),
      },
    });
  });

  it('accepts paths with and without the version prefix', async () => {
    const g = await fake();
    const withPrefix = await new GraphClient({ baseUrl: g.url, env: NO_PROXY_ENV }).debugToken(
      DEFAULT_IDS.accessToken,
      DEFAULT_IDS.accessToken,
    );
    const without = await new GraphClient({ baseUrl: g.origin, env: NO_PROXY_ENV }).debugToken(
      DEFAULT_IDS.accessToken,
      DEFAULT_IDS.accessToken,
    );
    expect(withPrefix.ok && without.ok).toBe(true);
  });
});

describe('GraphClient', () => {
  it('turns a 2xx answer of another shape into a Graph failure instead of a mistyped value', async () => {
    const base = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 106540352242922, display_phone_number: 15550001234 }));
    });
    const res = await new GraphClient({ baseUrl: base, env: NO_PROXY_ENV }).phoneNumber('106540352242922', 'tok');
    expect(res).toMatchObject({ ok: false, error: { kind: 'graph', httpStatus: 200 } });
    expect(!res.ok && res.error.message).toMatch(/^GET \/106540352242922 answered 200 with an unexpected shape/);
  });

  it('never puts a token in an error, even from a URL with input_token', async () => {
    const base = `http://127.0.0.1:${await closedPort()}/v24.0`;
    const res = await new GraphClient({
      baseUrl: base,
      env: NO_PROXY_ENV,
      secrets: [DEFAULT_IDS.appSecret],
    }).debugToken(DEFAULT_IDS.accessToken, appAccessToken(DEFAULT_IDS.appId, DEFAULT_IDS.appSecret));
    expect(res).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(JSON.stringify(res)).not.toContain(DEFAULT_IDS.accessToken);
    expect(JSON.stringify(res)).not.toContain(DEFAULT_IDS.appSecret);
  });

  it('gives up after its timeout with a typed timeout', async () => {
    const base = await server(() => {
      /* never answers */
    });
    const res = await new GraphClient({ baseUrl: base, env: NO_PROXY_ENV, timeoutMs: 300 }).subscribedApps(
      DEFAULT_IDS.wabaId,
      DEFAULT_IDS.accessToken,
    );
    expect(res).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });

  it.each([
    ['its own', false],
    ['an injected', true],
  ])('close() aborts a call in flight with %s dispatcher (a Graph API that never answers)', async (_name, inject) => {
    const g = await fake();
    g.state.messagesHang = true;
    const dispatcher = inject ? new Agent() : undefined;
    if (dispatcher) defer(() => dispatcher.destroy());
    const client = new GraphClient({ baseUrl: g.url, env: NO_PROXY_ENV, dispatcher, timeoutMs: 60_000 });
    const pending = client.call('POST', `${DEFAULT_IDS.phoneNumberId}/messages`, {
      token: DEFAULT_IDS.accessToken,
      json: { messaging_product: 'whatsapp', to: '1', type: 'text', text: { body: 'x' } },
      shape: anyObject,
    });
    await waitFor(() => g.requests.length === 1 || undefined, { what: 'the call to reach the fake' });
    await client.close();
    const res = await pending;
    expect(res).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(JSON.stringify(res)).not.toContain(DEFAULT_IDS.accessToken);
  });

  it('a non-JSON error page becomes a typed graph failure with its status', async () => {
    const base = await server((_q, s) =>
      s.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>'),
    );
    const res = await new GraphClient({ baseUrl: base, env: NO_PROXY_ENV }).subscribedApps(
      DEFAULT_IDS.wabaId,
      DEFAULT_IDS.accessToken,
    );
    expect(res).toMatchObject({ ok: false, error: { kind: 'graph', httpStatus: 502 } });
  });

  it('goes through HTTP_PROXY when the host is not in NO_PROXY', async () => {
    const g = await fake();
    const target = new URL(g.origin);
    const seen: string[] = [];
    // A CONNECT proxy on loopback that tunnels every request to the fake, whatever host was asked for.
    const proxy: Server = createServer();
    const sockets = new Set<import('node:net').Socket>();
    proxy.on('connect', (req, client: import('node:net').Socket) => {
      seen.push(req.url ?? '');
      const upstream = connect(Number(target.port), target.hostname, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(client).add(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    defer(
      () =>
        new Promise((r) => {
          for (const so of sockets) so.destroy();
          proxy.close(r);
        }),
    );
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const res = await new GraphClient({
      baseUrl: 'http://graph.example.test/v24.0',
      env: { HTTP_PROXY: proxyUrl },
      timeoutMs: 5000,
    }).subscribedApps(DEFAULT_IDS.wabaId, DEFAULT_IDS.accessToken);
    expect(res.ok).toBe(true);
    expect(seen).toEqual(['graph.example.test:80']);
    expect(g.requests.at(-1)).toMatchObject({
      path: `/${DEFAULT_IDS.wabaId}/subscribed_apps`,
      token: DEFAULT_IDS.accessToken,
    });
  });
});

describe('meta-setup (used by doctor --fix and up --register)', () => {
  it('registerCallback keeps the WhatsApp fields already subscribed, drops non-WhatsApp ones, adds messages', async () => {
    const g = await fake();
    const r = await startSampleReceiver({ verifyToken: 'vt-abcdefghijklmnopqrstuvwxyz012345' });
    defer(() => r.close());
    g.state.apps.get(DEFAULT_IDS.appId)!.subscriptions = [
      {
        object: 'whatsapp_business_account',
        callback_url: 'https://old.example/webhook',
        active: true,
        fields: ['account_update', 'message_status'],
      },
    ];
    const config = { graphUrl: g.url, appId: DEFAULT_IDS.appId, appSecret: DEFAULT_IDS.appSecret };
    const res = await registerCallback({
      config,
      env: NO_PROXY_ENV,
      callbackUrl: r.url,
      verifyToken: 'vt-abcdefghijklmnopqrstuvwxyz012345',
    });
    expect(res).toEqual({ ok: true, detail: `webhook set to ${r.url} (fields: messages, account_update)` });
    const post = g.requests.find((q) => q.method === 'POST')!;
    expect(new URLSearchParams(post.body).get('fields')).toBe('messages,account_update');
    expect(g.state.apps.get(DEFAULT_IDS.appId)!.subscriptions[0]!.callback_url).toBe(r.url);
  });

  it('subscribeAppToWaba explains a permission error', async () => {
    const g = await fake();
    g.state.tokens.get(DEFAULT_IDS.accessToken)!.scopes = ['whatsapp_business_messaging'];
    const res = await subscribeAppToWaba({
      config: { graphUrl: g.url, wabaId: DEFAULT_IDS.wabaId, accessToken: DEFAULT_IDS.accessToken },
      env: NO_PROXY_ENV,
    });
    expect(res).toEqual({ ok: false, error: 'Graph API error (#200): (#200) Permissions error' });
  });
});
