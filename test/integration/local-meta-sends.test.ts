/**
 * Local Meta driven by real, independent clients over loopback: @kapso/whatsapp-cloud-api (its baseUrl) and
 * whatsapp-api-js (fetch ponyfill). What the bot sees (answers) and what its webhook gets (signed statuses).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WhatsAppClient } from '@kapso/whatsapp-cloud-api';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { Text } from 'whatsapp-api-js/messages';
import { decodeWamid } from '../../src/samples/ids.js';
import { LOCAL_IDS, startLocalMetaFixture, statusesOf, type LocalMetaFixture } from '../helpers/local-meta.js';
import { waitFor } from '../helpers/wait-for.js';
import type { GraphCall } from '../../src/local-meta/local-meta-io.js';

const CUSTOMER = '16505551234';
const fixtures: LocalMetaFixture[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

async function start(overrides: Parameters<typeof startLocalMetaFixture>[0] = {}): Promise<LocalMetaFixture> {
  const f = await startLocalMetaFixture(overrides);
  fixtures.push(f);
  return f;
}

function kapso(f: LocalMetaFixture, graphVersion = 'v24.0'): WhatsAppClient {
  return new WhatsAppClient({ accessToken: LOCAL_IDS.accessToken, baseUrl: f.meta.graphUrl, graphVersion });
}

async function statusesFor(f: LocalMetaFixture, wamid: string, count: number) {
  return waitFor(
    () => {
      const list = statusesOf(f.sink.received).filter((s) => s.id === wamid);
      return list.length >= count ? list : undefined;
    },
    { what: `${count} statuses for ${wamid}` },
  );
}

describe('local Meta with @kapso/whatsapp-cloud-api', () => {
  it('answers a text send as Meta does and follows it with signed sent → delivered → read statuses', async () => {
    const f = await start();
    const inbound = await f.meta.customerSends({ type: 'text', from: CUSTOMER, text: 'Hola 👋' });
    expect(inbound.httpStatus).toBe(200);
    const answer = await kapso(f).messages.sendText({
      phoneNumberId: LOCAL_IDS.phoneNumberId,
      to: `+${CUSTOMER}`,
      body: 'Sí, en azul ✔',
    });
    expect(answer.messagingProduct ?? (answer as unknown as { messaging_product: string }).messaging_product).toBe(
      'whatsapp',
    );
    const wamid = answer.messages[0]!.id;
    expect(decodeWamid(wamid)).toMatchObject({ peer: CUSTOMER, outbound: true });
    const statuses = await statusesFor(f, wamid, 3);
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    const webhooks = f.sink.received.slice(1);
    for (const w of webhooks) {
      expect(w.signatureValid).toBe(true);
      expect((w.json.entry as Array<{ id: string }>)[0]!.id).toBe(LOCAL_IDS.wabaId);
      // Meta's bytes: ASCII only, non-ASCII escaped.
      expect(w.body.every((b) => b < 0x80)).toBe(true);
    }
    // v24+: PMP pricing, free in the window, no conversation; pricing on sent and delivered, not read.
    expect(statuses[0]!.pricing).toEqual({
      billable: false,
      pricing_model: 'PMP',
      type: 'free_customer_service',
      category: 'service',
    });
    expect(statuses[0]).not.toHaveProperty('conversation');
    expect(statuses[1]).toHaveProperty('pricing');
    expect(statuses[2]).not.toHaveProperty('pricing');
    expect(statuses[0]).not.toHaveProperty('biz_opaque_callback_data');
  });

  it('adds the conversation object before v24 (kapso defaults to v23.0), expiration on sent only', async () => {
    const f = await start();
    await f.meta.customerSends({ type: 'text', from: CUSTOMER, text: 'hi' });
    const answer = await kapso(f, 'v23.0').messages.sendText({
      phoneNumberId: LOCAL_IDS.phoneNumberId,
      to: CUSTOMER,
      body: 'hello',
    });
    const [sent, delivered] = await statusesFor(f, answer.messages[0]!.id, 3);
    expect(Object.keys(sent!)).toEqual([
      'id',
      'status',
      'timestamp',
      'recipient_id',
      'recipient_user_id',
      'conversation',
      'pricing',
    ]);
    expect(sent!.conversation).toMatchObject({ origin: { type: 'service' } });
    expect((sent!.conversation as Record<string, unknown>).expiration_timestamp).toMatch(/^\d+$/);
    expect(delivered!.conversation).not.toHaveProperty('expiration_timestamp');
  });

  it("refuses four reply buttons in Meta's envelope and records the call in one line", async () => {
    const f = await start();
    await f.meta.customerSends({ type: 'text', from: CUSTOMER, text: 'menu?' });
    const calls: GraphCall[] = [];
    f.meta.on('graph-call', (c) => calls.push(c));
    // kapso's typed helper refuses 4 buttons itself; sendRaw sends what a hand-rolled bot would.
    const error = await kapso(f)
      .messages.sendRaw({
        phoneNumberId: LOCAL_IDS.phoneNumberId,
        payload: {
          messaging_product: 'whatsapp',
          to: CUSTOMER,
          type: 'interactive',
          interactive: {
            type: 'button',
            body: { text: 'Pick one' },
            action: {
              buttons: [1, 2, 3, 4].map((n) => ({ type: 'reply', reply: { id: `b${n}`, title: `Option ${n}` } })),
            },
          },
        },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeDefined();
    const call = await waitFor(() => calls.find((c) => c.path.endsWith('/messages')), { what: 'the graph call' });
    expect(call.status).toBe(400);
    expect(call.summary).toMatch(/^✖ bot → \+16505551234: \(#\d+\) .*button/);
    expect(call.ms).toBeGreaterThanOrEqual(0);
    expect((call.response as { error: { code: number } }).error.code).toBeGreaterThan(0);
  });
});

describe('local Meta with whatsapp-api-js (fetch ponyfill)', () => {
  function api(f: LocalMetaFixture): WhatsAppAPI {
    return new WhatsAppAPI({
      token: LOCAL_IDS.accessToken,
      v: 'v24.0',
      secure: false,
      ponyfill: {
        fetch: (url: string | URL | Request, init?: RequestInit) =>
          fetch(
            (url instanceof Request ? url.url : String(url)).replace('https://graph.facebook.com', f.meta.graphUrl),
            init,
          ),
      },
    });
  }

  it('sends, echoes biz_opaque_callback_data, and fails a send outside the window with 131047 as a status', async () => {
    const f = await start();
    await f.meta.customerSends({ type: 'text', from: CUSTOMER, text: 'order status?' });
    const inWindow = await api(f).sendMessage(
      LOCAL_IDS.phoneNumberId,
      CUSTOMER,
      new Text('Shipped'),
      undefined,
      'order-42',
    );
    const wamid = (inWindow as { messages: Array<{ id: string }> }).messages[0]!.id;
    const [sent] = await statusesFor(f, wamid, 3);
    expect(sent!.biz_opaque_callback_data).toBe('order-42');

    f.meta.advance(25 * 3_600_000); // the customer last wrote 25 hours ago
    const late = await api(f).sendMessage(LOCAL_IDS.phoneNumberId, CUSTOMER, new Text('Anything else?'));
    const lateId = (late as { messages: Array<{ id: string }> }).messages[0]!.id;
    const [failed] = await statusesFor(f, lateId, 1);
    expect(failed!.status).toBe('failed');
    expect((failed!.errors as Array<{ code: number }>)[0]!.code).toBe(131047);
    expect(
      statusesOf(f.sink.received)
        .filter((s) => s.id === lateId)
        .map((s) => s.status),
    ).toEqual(['failed']);
  });
});

describe('status ladder variants', () => {
  it('gives a reaction only `sent`, and a voice message `played` after read', async () => {
    const f = await start();
    const inbound = await f.meta.customerSends({ type: 'text', from: CUSTOMER, text: 'hi' });
    const client = kapso(f);
    const reaction = await client.messages.sendReaction({
      phoneNumberId: LOCAL_IDS.phoneNumberId,
      to: CUSTOMER,
      reaction: { messageId: inbound.wamid, emoji: '👍' },
    });
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'audio/ogg');
    form.set('file', new Blob([Buffer.from('OggS-voice')], { type: 'audio/ogg' }), 'voice.ogg');
    const upload = await fetch(`${f.meta.graphUrl}/v24.0/${LOCAL_IDS.phoneNumberId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${LOCAL_IDS.accessToken}` },
      body: form,
    });
    const { id } = (await upload.json()) as { id: string };
    const voice = await client.messages.sendRaw({
      phoneNumberId: LOCAL_IDS.phoneNumberId,
      payload: { messaging_product: 'whatsapp', to: CUSTOMER, type: 'audio', audio: { id, voice: true } },
    });
    const voiceId = (voice as { messages: Array<{ id: string }> }).messages[0]!.id;
    expect((await statusesFor(f, voiceId, 4)).map((s) => s.status)).toEqual(['sent', 'delivered', 'read', 'played']);
    await f.meta.settled();
    expect(
      statusesOf(f.sink.received)
        .filter((s) => s.id === reaction.messages[0]!.id)
        .map((s) => s.status),
    ).toEqual(['sent']);
  });

  it('skips `delivered` when the message is read at once, and then prices `read`', async () => {
    const f = await start({ statusTiming: { sentMs: 0, deliveredMs: 5, readMs: 5 } });
    await f.meta.customerSends({ type: 'text', from: CUSTOMER, text: 'hi' });
    const answer = await kapso(f).messages.sendText({
      phoneNumberId: LOCAL_IDS.phoneNumberId,
      to: CUSTOMER,
      body: 'x',
    });
    const statuses = await statusesFor(f, answer.messages[0]!.id, 2);
    await f.meta.settled();
    expect(
      statusesOf(f.sink.received)
        .filter((s) => s.id === answer.messages[0]!.id)
        .map((s) => s.status),
    ).toEqual(['sent', 'read']);
    expect(statuses[1]).toHaveProperty('pricing');
  });
});
