/**
 * Reading as the customer's act (read mode 'opened', what the inspector's Phone sets): no `read` on a timer; the
 * customer's opening of the chat sends it, after `delivered`, for every unread message of that chat only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { LOCAL_IDS, startLocalMetaFixture, statusesOf, type LocalMetaFixture } from '../helpers/local-meta.js';
import { waitFor } from '../helpers/wait-for.js';

const ANA = '16505551234';
const BO = '447700900123';
const fixtures: LocalMetaFixture[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

async function sendText(f: LocalMetaFixture, to: string, body: string): Promise<string> {
  const res = await request(`${f.meta.graphUrl}/v24.0/${LOCAL_IDS.phoneNumberId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${LOCAL_IDS.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messaging_product: 'whatsapp', to, type: 'text', text: { body } }),
  });
  const json = (await res.body.json()) as { messages: Array<{ id: string }> };
  return json.messages[0]!.id;
}

const statusesOfMessage = (f: LocalMetaFixture, wamid: string) =>
  statusesOf(f.sink.received)
    .filter((s) => s.id === wamid)
    .map((s) => s.status);

describe("local Meta's read mode 'opened'", () => {
  it('sends sent and delivered on their timers, and read only when the chat is opened, for that chat only', async () => {
    const f = await startLocalMetaFixture();
    fixtures.push(f);
    f.meta.setReadMode('opened');
    await f.meta.customerSends({ type: 'text', from: ANA, text: 'hi' });
    await f.meta.customerSends({ type: 'text', from: BO, text: 'hello' });
    const first = await sendText(f, ANA, 'one');
    const second = await sendText(f, ANA, 'two');
    const toBo = await sendText(f, BO, 'for bo');
    // Every timer has run: without the opening, nothing is read (timer mode would have sent read 10 ms after).
    await f.meta.settled();
    expect([first, second, toBo].map((id) => statusesOfMessage(f, id))).toEqual([
      ['sent', 'delivered'],
      ['sent', 'delivered'],
      ['sent', 'delivered'],
    ]);
    expect(await f.meta.customerReads(`+${ANA}`)).toBe(2);
    await f.meta.settled();
    expect([first, second, toBo].map((id) => statusesOfMessage(f, id))).toEqual([
      ['sent', 'delivered', 'read'],
      ['sent', 'delivered', 'read'],
      ['sent', 'delivered'],
    ]);
    const read = statusesOf(f.sink.received).find((s) => s.id === first && s.status === 'read')!;
    expect(read).not.toHaveProperty('pricing');
    expect(f.sink.received.every((w) => w.signatureValid)).toBe(true);
    // Read once: opening the chat again reads nothing more.
    expect(await f.meta.customerReads(ANA)).toBe(0);
  });

  it('a chat opened while a message is on its way reads it right after its delivered, never before', async () => {
    const f = await startLocalMetaFixture({ statusTiming: { sentMs: 0, deliveredMs: 300, readMs: 310 } });
    fixtures.push(f);
    f.meta.setReadMode('opened');
    await f.meta.customerSends({ type: 'text', from: ANA, text: 'hi' });
    const wamid = await sendText(f, ANA, 'on its way');
    await waitFor(() => statusesOfMessage(f, wamid).includes('sent') || undefined, { what: 'sent' });
    expect(await f.meta.customerReads(ANA)).toBe(1);
    await f.meta.settled();
    expect(statusesOfMessage(f, wamid)).toEqual(['sent', 'delivered', 'read']);
  });

  it('failed sends are never read; back in timer mode reads follow on their own', async () => {
    const f = await startLocalMetaFixture();
    fixtures.push(f);
    f.meta.setReadMode('opened');
    // Nobody wrote: outside the window the text fails (131047).
    const failed = await sendText(f, ANA, 'cold');
    await f.meta.settled();
    expect(await f.meta.customerReads(ANA)).toBe(0);
    expect(statusesOfMessage(f, failed)).toEqual(['failed']);
    f.meta.setReadMode('timer');
    await f.meta.customerSends({ type: 'text', from: ANA, text: 'hi' });
    const timed = await sendText(f, ANA, 'warm');
    await f.meta.settled();
    expect(statusesOfMessage(f, timed)).toEqual(['sent', 'delivered', 'read']);
  });
});
