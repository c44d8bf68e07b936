import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalMeta, type LocalMeta, type LocalMetaOptions } from '../../src/local-meta/local-meta-io.js';
import { verifySignature } from '../../src/verification/signature.js';
import { makeTempDir } from './temp-dir.js';

export const LOCAL_IDS = {
  appSecret: 'local-app-secret-0123456789abcdef',
  accessToken: 'EAALocalTestToken0123456789',
  phoneNumberId: '106540352242922',
  wabaId: '102290129340398',
  businessNumber: '15550783881',
  appId: '1234567890123456',
};

export interface ReceivedWebhook {
  body: Buffer;
  json: Record<string, unknown>;
  signatureValid: boolean;
  headers: IncomingMessage['headers'];
}

/** A webhook endpoint that records what local Meta POSTs (and checks each signature), answers 200 or `statusFor`'s. */
export async function startWebhookSink(
  appSecret: string,
  statusFor: (index: number) => number = () => 200,
): Promise<{ url: string; received: ReceivedWebhook[]; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'GET') {
        const url = new URL(req.url ?? '/', 'http://x');
        res.end(url.searchParams.get('hub.challenge') ?? '');
        return;
      }
      received.push({
        body,
        json: JSON.parse(body.toString('utf8')) as Record<string, unknown>,
        signatureValid: verifySignature(body, req.headers['x-hub-signature-256'] as string, appSecret),
        headers: req.headers,
      });
      res.statusCode = statusFor(received.length - 1);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface LocalMetaFixture {
  meta: LocalMeta;
  sink: Awaited<ReturnType<typeof startWebhookSink>>;
  dir: string;
  close(): Promise<void>;
}

/** Local Meta on a free port with a webhook sink; statuses follow at once unless timing says otherwise. */
export async function startLocalMetaFixture(overrides: Partial<LocalMetaOptions> = {}): Promise<LocalMetaFixture> {
  const temp = await makeTempDir('wa-hook-local-meta-');
  const sink = await startWebhookSink(overrides.appSecret ?? LOCAL_IDS.appSecret);
  const meta = await startLocalMeta({
    cwd: temp.dir,
    graphPort: 0,
    webhookUrl: sink.url,
    ...LOCAL_IDS,
    statusTiming: { sentMs: 0, deliveredMs: 5, readMs: 10, playedMs: 15 },
    ...overrides,
  });
  return {
    meta,
    sink,
    dir: temp.dir,
    async close() {
      await meta.close();
      await sink.close();
      await temp.cleanup();
    },
  };
}

/** Statuses the sink received, flattened: [{status, id, …}]. */
export function statusesOf(received: readonly ReceivedWebhook[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const r of received) {
    const entry = (
      r.json.entry as Array<{ changes: Array<{ value: { statuses?: Array<Record<string, unknown>> } }> }>
    )[0]!;
    for (const s of entry.changes[0]!.value.statuses ?? []) out.push(s);
  }
  return out;
}
