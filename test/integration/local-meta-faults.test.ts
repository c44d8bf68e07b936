/** Faults on purpose (each rule), and a small Python bot (httpx, a transport that points it at local Meta). */
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { execa } from 'execa';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCAL_IDS, statusesOf, useLocalMetaFixtures, type LocalMetaFixture } from '../helpers/local-meta.js';
import { waitFor } from '../helpers/wait-for.js';
import { findPython } from '../helpers/python.js';

const CUSTOMER = '16505551234';
const OTHER = '447700900123';
const startFixture = useLocalMetaFixtures();

/** A fixture where two customers have written (the service window is open to both). */
async function start(): Promise<LocalMetaFixture> {
  const f = await startFixture();
  await f.meta.customerSends({ type: 'text', from: CUSTOMER, text: 'hi' });
  await f.meta.customerSends({ type: 'text', from: OTHER, text: 'hello' });
  return f;
}

async function sendText(f: LocalMetaFixture, to: string) {
  const res = await request(`${f.meta.graphUrl}/v24.0/${LOCAL_IDS.phoneNumberId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${LOCAL_IDS.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messaging_product: 'whatsapp', to, type: 'text', text: { body: 'hi' } }),
  });
  const json = (await res.body.json()) as Record<string, any>;
  return { status: res.statusCode, headers: res.headers, json };
}

describe('wa-hook local fail: faults on purpose', () => {
  it("--next N fails exactly the next N sends with Meta's 130429 and its usage header, then sends work again", async () => {
    const f = await start();
    f.meta.core.faults.add(130429, { next: 2 });
    const first = await sendText(f, CUSTOMER);
    expect(first.status).toBe(400);
    expect(first.json.error).toMatchObject({
      code: 130429,
      message: '(#130429) Rate limit hit',
      type: 'OAuthException',
    });
    expect(JSON.parse(first.headers['x-business-use-case-usage'] as string)[LOCAL_IDS.wabaId][0]).toHaveProperty(
      'estimated_time_to_regain_access',
    );
    expect((await sendText(f, CUSTOMER)).json.error.code).toBe(130429);
    expect((await sendText(f, CUSTOMER)).status).toBe(200);
    expect(f.meta.core.faults.list()).toEqual([]);
  });

  it('--to NUMBER fails only sends to that number (131056 pair rate limit)', async () => {
    const f = await start();
    f.meta.core.faults.add(131056, { to: OTHER });
    expect((await sendText(f, CUSTOMER)).status).toBe(200);
    expect((await sendText(f, `+${OTHER}`)).json.error.code).toBe(131056);
    expect((await sendText(f, `+${OTHER}`)).json.error.code).toBe(131056);
  });

  it('--every N fails every Nth send (133010 number not registered)', async () => {
    const f = await start();
    f.meta.core.faults.add(133010, { every: 3 });
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await sendText(f, CUSTOMER)).json.error?.code ?? 'ok');
    expect(codes).toEqual(['ok', 'ok', 133010, 'ok', 'ok', 133010]);
  });

  it('sends a delivery-time code (131026) as a 200 + wamid, then a failed status', async () => {
    const f = await start();
    f.meta.core.faults.add(131026, { next: 1 });
    const answer = await sendText(f, CUSTOMER);
    expect(answer.status).toBe(200);
    const wamid = answer.json.messages[0].id as string;
    const failed = await waitFor(() => statusesOf(f.sink.received).find((s) => s.id === wamid));
    expect(failed.status).toBe('failed');
    expect((failed.errors as Array<{ code: number }>)[0]!.code).toBe(131026);
  });

  it('expires the token (190/463) for every call until cleared; 5xx codes answer with their status', async () => {
    const f = await start();
    f.meta.core.faults.add(463, { every: 1 });
    const expired = await sendText(f, CUSTOMER);
    expect(expired.status).toBe(401);
    expect(expired.json.error).toMatchObject({ code: 190, error_subcode: 463 });
    expect(expired.json.error.message).toMatch(/^Error validating access token: Session has expired/);
    const read = await request(`${f.meta.graphUrl}/v24.0/${LOCAL_IDS.phoneNumberId}`, {
      headers: { authorization: `Bearer ${LOCAL_IDS.accessToken}` },
    });
    expect(read.statusCode).toBe(401);
    await read.body.dump();
    expect(f.meta.core.faults.clear()).toBe(1);
    expect((await sendText(f, CUSTOMER)).status).toBe(200);
    f.meta.core.faults.add(131000, { next: 1 });
    const server = await sendText(f, CUSTOMER);
    expect(server.status).toBe(500);
    expect(server.json.error.code).toBe(131000);
  });
});

// The pywa way: an httpx transport that sends graph.facebook.com calls to local Meta, the bot unchanged.
const PYTHON_BOT = `
import json, os, sys, httpx
local = httpx.URL(os.environ["GRAPH_URL"])
class ToLocal(httpx.HTTPTransport):
    def handle_request(self, request):
        request.url = request.url.copy_with(scheme=local.scheme, host=local.host, port=local.port)
        return super().handle_request(request)
client = httpx.Client(base_url="https://graph.facebook.com/v22.0", transport=ToLocal(),
                      headers={"Authorization": "Bearer " + os.environ["TOKEN"]})
r = client.post(f"/{os.environ['PNID']}/messages", json={"messaging_product": "whatsapp", "to": sys.argv[1],
                "type": "text", "text": {"body": "Hola desde Python"}})
print(json.dumps({"status": r.status_code, "body": r.json()}))
`;

describe('a Python bot (httpx transport)', () => {
  it('sends through local Meta and its message gets statuses', async () => {
    const python = await findPython('httpx');
    expect(python, 'CI must have python3 with httpx (Debian python3-httpx)').toBeDefined();
    const f = await start();
    const script = join(f.dir, 'bot.py');
    await writeFile(script, PYTHON_BOT);
    const run = await execa(python!, [script, CUSTOMER], {
      env: { GRAPH_URL: f.meta.graphUrl, TOKEN: LOCAL_IDS.accessToken, PNID: LOCAL_IDS.phoneNumberId },
      reject: false,
    });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as {
      status: number;
      body: { contacts: unknown[]; messages: Array<{ id: string }> };
    };
    expect(out.status).toBe(200);
    expect(out.body.contacts).toEqual([{ input: CUSTOMER, wa_id: CUSTOMER }]);
    const wamid = out.body.messages[0]!.id;
    const statuses = await waitFor(() => {
      const list = statusesOf(f.sink.received).filter((s) => s.id === wamid);
      return list.length === 3 ? list : undefined;
    });
    // v22 (below 24) carries the conversation object.
    expect(statuses[0]).toHaveProperty('conversation');
  });
});
