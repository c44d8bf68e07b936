import { afterEach, describe, expect, it } from 'vitest';
import { startLocalMeta } from '../../src/local-meta/local-meta-io.js';
import { LOCAL_IDS, startWebhookSink } from '../helpers/local-meta.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const CUSTOMER = '16505551234';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Local Meta in front of a bot whose webhook answers `statusFor(n)` to its n-th POST. */
async function start(statusFor: (index: number) => number) {
  const temp = await makeTempDir('wa-hook-redelivery-');
  const sink = await startWebhookSink(LOCAL_IDS.appSecret, statusFor);
  const meta = await startLocalMeta({ cwd: temp.dir, graphPort: 0, webhookUrl: sink.url, ...LOCAL_IDS });
  cleanups.push(async () => {
    await meta.close();
    await sink.close();
    await temp.cleanup();
  });
  return { meta, sink };
}

describe('local WhatsApp resends a webhook the bot did not answer 200, as Meta does', () => {
  it('a customer message answered 500 comes again at once, byte for byte and signed, until a 200', async () => {
    const { meta, sink } = await start((n) => (n < 2 ? 500 : 200));
    const first = await meta.customerSends({ type: 'text', from: CUSTOMER, text: 'hi' });
    expect(first.httpStatus).toBe(500);
    await waitFor(() => sink.received.length >= 2);
    expect(sink.received[1]!.body.equals(sink.received[0]!.body)).toBe(true);
    expect(sink.received[1]!.signatureValid).toBe(true);
    expect(sink.received[1]!.headers['user-agent']).toBe('facebookexternalua');
  });

  it('a 200 is never resent', async () => {
    const { meta, sink } = await start(() => 200);
    // A resend would go out at once, before the next message: after three messages, three POSTs.
    for (const text of ['one', 'two', 'three']) await meta.customerSends({ type: 'text', from: CUSTOMER, text });
    await waitFor(() => sink.received.some((r) => JSON.stringify(r.json).includes('three')));
    const texts = sink.received.map((r) => /"body":"(\w+)"/.exec(r.body.toString())?.[1]);
    expect(texts).toEqual(['one', 'two', 'three']);
  });

  it('another 2xx is no delivery for Meta: 204 is resent', async () => {
    const { meta, sink } = await start((n) => (n === 0 ? 204 : 200));
    await meta.customerSends({ type: 'text', from: CUSTOMER, text: 'hi' });
    await waitFor(() => sink.received.length >= 2);
    expect(sink.received[1]!.body.equals(sink.received[0]!.body)).toBe(true);
  });
});
