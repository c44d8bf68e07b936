import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { LOCAL_IDS, useLocalMetaFixtures, type LocalMetaFixture } from '../helpers/local-meta.js';

const start = useLocalMetaFixtures();

async function call(
  f: LocalMetaFixture,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { token?: string | null; json?: unknown; body?: string | Buffer; contentType?: string } = {},
) {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? LOCAL_IDS.accessToken : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | Buffer | undefined = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.contentType) headers['content-type'] = options.contentType;
  const res = await request(`${f.meta.graphUrl}${path}`, { method, headers, body });
  const text = await res.body.text();
  let json: Record<string, any> | undefined;
  try {
    json = JSON.parse(text) as Record<string, any>;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

describe('local Meta: Graph routes, auth and errors as Meta answers them', () => {
  it('listens on 127.0.0.1 only and reports a host-only graphUrl', async () => {
    const f = await start();
    expect(f.meta.graphUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('reads the phone number on any version and unversioned, with ?fields', async () => {
    const f = await start();
    for (const prefix of ['/v14.0', '/v23.0', '/v24.0', '/v25.0', '']) {
      const res = await call(
        f,
        'GET',
        `${prefix}/${LOCAL_IDS.phoneNumberId}?fields=display_phone_number,platform_type,status`,
      );
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        display_phone_number: '+1 555-078-3881',
        platform_type: 'CLOUD_API',
        status: 'CONNECTED',
        id: LOCAL_IDS.phoneNumberId,
      });
    }
  });

  it('refuses a wrong token with 401/190 and a missing one with Meta\'s "access token is required"', async () => {
    const f = await start();
    const wrong = await call(f, 'GET', `/v24.0/${LOCAL_IDS.phoneNumberId}`, { token: 'EAAwrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.json?.error).toMatchObject({
      message: 'Invalid OAuth access token - Cannot parse access token',
      type: 'OAuthException',
      code: 190,
    });
    expect(wrong.json?.error.fbtrace_id).toMatch(/^A[\w-]{10,}$/);
    expect(wrong.headers['www-authenticate']).toContain('Facebook Platform');
    const missing = await call(f, 'GET', `/v24.0/${LOCAL_IDS.phoneNumberId}`, { token: null });
    expect(missing.status).toBe(400);
    expect(missing.json?.error).toMatchObject({
      code: 104,
      message: 'An access token is required to request this resource.',
    });
  });

  it("answers an unknown object with 400, code 100, subcode 33 and Meta's text", async () => {
    const f = await start();
    const res = await call(f, 'POST', '/v24.0/999999999/messages', { json: { messaging_product: 'whatsapp' } });
    expect(res.status).toBe(400);
    expect(res.json?.error).toMatchObject({
      code: 100,
      error_subcode: 33,
      type: 'GraphMethodException',
      message:
        "Unsupported post request. Object with ID '999999999' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
    });
  });

  it('names a field the node does not have', async () => {
    const f = await start();
    const res = await call(f, 'GET', `/v24.0/${LOCAL_IDS.phoneNumberId}?fields=display_phone_number,colour`);
    expect(res.status).toBe(400);
    expect(res.json?.error.message).toBe(
      '(#100) Tried accessing nonexisting field (colour) on node type (WhatsAppBusinessPhoneNumber)',
    );
  });

  it('uploads media (multipart), describes it with a 5-minute URL that needs the token, deletes it', async () => {
    const f = await start();
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/png');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    form.set('file', new Blob([png], { type: 'image/png' }), 'dot.png');
    const upload = await fetch(`${f.meta.graphUrl}/v24.0/${LOCAL_IDS.phoneNumberId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${LOCAL_IDS.accessToken}` },
      body: form,
    });
    expect(upload.status).toBe(200);
    const { id } = (await upload.json()) as { id: string };
    expect(id).toMatch(/^\d{15,17}$/);

    const described = await call(f, 'GET', `/v24.0/${id}`);
    expect(described.status).toBe(200);
    expect(Object.keys(described.json!)).toEqual([
      'messaging_product',
      'url',
      'mime_type',
      'sha256',
      'file_size',
      'id',
    ]);
    expect(described.json).toMatchObject({
      messaging_product: 'whatsapp',
      mime_type: 'image/png',
      file_size: png.length,
      id,
    });
    const url = new URL(described.json!.url as string);
    expect(url.origin).toBe(f.meta.graphUrl);

    const withoutToken = await request(url, { method: 'GET' });
    expect(withoutToken.statusCode).toBe(404);
    await withoutToken.body.dump();
    const withToken = await request(url, { headers: { authorization: `Bearer ${LOCAL_IDS.accessToken}` } });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.headers['content-type']).toBe('image/png');
    expect(Buffer.from(await withToken.body.arrayBuffer())).toEqual(png);

    f.meta.advance(5 * 60_000 + 1_000); // the URL lives 5 minutes
    const expired = await request(url, { headers: { authorization: `Bearer ${LOCAL_IDS.accessToken}` } });
    expect(expired.statusCode).toBe(404);
    await expired.body.dump();

    expect((await call(f, 'DELETE', `/v24.0/${id}`)).json).toEqual({ success: true });
    expect((await call(f, 'GET', `/v24.0/${id}`)).json?.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('lists the WABA phone numbers, the seeded templates and the subscription calls doctor and --register make', async () => {
    const f = await start();
    const phones = await call(f, 'GET', `/v24.0/${LOCAL_IDS.wabaId}/phone_numbers`);
    expect(phones.json?.data[0]).toMatchObject({
      id: LOCAL_IDS.phoneNumberId,
      display_phone_number: '+1 555-078-3881',
    });
    const templates = await call(f, 'GET', `/v24.0/${LOCAL_IDS.wabaId}/message_templates?name=hello_world`);
    expect(templates.status).toBe(200);
    expect(Array.isArray(templates.json?.data)).toBe(true);
    expect((await call(f, 'POST', `/v24.0/${LOCAL_IDS.wabaId}/subscribed_apps`)).json).toEqual({ success: true });
    const apps = await call(f, 'GET', `/v24.0/${LOCAL_IDS.wabaId}/subscribed_apps`);
    expect(apps.json?.data[0].whatsapp_business_api_data.id).toBe(LOCAL_IDS.appId);
    const appToken = `${LOCAL_IDS.appId}|${LOCAL_IDS.appSecret}`;
    const debug = await call(f, 'GET', `/v24.0/debug_token?input_token=${LOCAL_IDS.accessToken}`, { token: appToken });
    expect(debug.json?.data).toMatchObject({ is_valid: true, app_id: LOCAL_IDS.appId });
    // Meta verifies the callback (GET with hub.challenge) before it saves it.
    const set = await call(f, 'POST', `/v24.0/${LOCAL_IDS.appId}/subscriptions`, {
      token: appToken,
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({
        object: 'whatsapp_business_account',
        callback_url: f.sink.url,
        verify_token: 'vt',
        fields: 'messages',
      }).toString(),
    });
    expect(set.json).toEqual({ success: true });
    const subs = await call(f, 'GET', `/v24.0/${LOCAL_IDS.appId}/subscriptions`, { token: appToken });
    expect(subs.json?.data[0]).toMatchObject({
      object: 'whatsapp_business_account',
      callback_url: f.sink.url,
      active: true,
    });
  });

  it('guards the control routes like the inspector: our Host, no foreign Origin, the per-run token', async () => {
    const f = await start();
    const url = `${f.meta.graphUrl}/__wa-hook/local/clock`;
    const host = new URL(f.meta.graphUrl).host;
    const ask = async (headers: Record<string, string>) => {
      const res = await request(url, { headers });
      await res.body.dump();
      return res.statusCode;
    };
    expect(await ask({})).toBe(403);
    expect(await ask({ 'x-wa-hook-control': 'wrong' })).toBe(403);
    expect(await ask({ 'x-wa-hook-control': f.meta.controlToken, host: `evil.example:${host.split(':')[1]}` })).toBe(
      403,
    );
    expect(await ask({ 'x-wa-hook-control': f.meta.controlToken, origin: 'http://evil.example' })).toBe(403);
    expect(await ask({ 'x-wa-hook-control': f.meta.controlToken })).toBe(200);
  });

  it('POST customer refuses a message with a missing field (400 naming it) and sends a whole one', async () => {
    const f = await start();
    const post = async (message: unknown) => {
      const res = await request(`${f.meta.graphUrl}/__wa-hook/local/customer`, {
        method: 'POST',
        headers: { 'x-wa-hook-control': f.meta.controlToken, 'content-type': 'application/json' },
        body: JSON.stringify({ message }),
      });
      return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
    };
    expect(await post({ type: 'button_reply', from: '16505551234', id: 'yes' })).toEqual({
      status: 400,
      json: { error: 'a button_reply needs "id", "title" and "contextId"' },
    });
    expect(await post(undefined)).toEqual({ status: 400, json: { error: 'message must be a JSON object' } });
    expect(f.sink.received).toHaveLength(0);
    const sent = await post({ type: 'text', from: '16505551234', text: 'hi' });
    expect(sent).toMatchObject({ status: 200, json: { wamid: expect.stringMatching(/^wamid\./), httpStatus: 200 } });
    expect(f.sink.received).toHaveLength(1);
  });
});
