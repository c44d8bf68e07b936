/**
 * The real localtunnel server (../shared/tools/localtunnel-server, localtunnel/server master) inside a test
 * network namespace, plus the scenario "kill -9 the server, restart it after a pause" that issue 13 asks about.
 */
import type { ResultPromise } from 'execa';
import { expect } from 'vitest';
import type { Netns } from './netns.js';
import { requestVia } from './netns.js';
import { REAL_LOCALTUNNEL_SERVER } from './real-tools.js';
import { startUpTunnel, type RunningUpTunnel } from './start-up-tunnel.js';
import { waitFor } from './wait-for.js';
import { sign } from './webhook.js';

export const TOKEN = 'tok_real_localtunnel_0123456789';
export const APP_SECRET = 'app_secret_real_localtunnel_0123456789';
/** Routing domain: the server serves `<id>.localhost` (it routes by the Host header's first label). */
const DOMAIN = 'localhost';

export interface RealServer {
  port: number;
  proc: ResultPromise;
}

/** Starts the server on `port` (0: any) and resolves once it listens. Its cwd holds the `.env` it reads. */
export async function startRealLocaltunnelServer(netns: Netns, port = 0): Promise<RealServer> {
  const proc = netns.spawn(
    'node',
    ['-r', 'esm', 'bin/server', '--port', String(port), '--address', '127.0.0.1', '--domain', DOMAIN],
    { cwd: REAL_LOCALTUNNEL_SERVER, buffer: false, env: { ...process.env, DEBUG: 'localtunnel*' } },
  );
  let err = '';
  const listening = new Promise<number>((resolve, reject) => {
    proc.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /listening on port: (\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    void proc.then(() => reject(new Error(`localtunnel server exited: ${err}`)));
  });
  return { port: await listening, proc };
}

export async function killHard(server: RealServer): Promise<void> {
  server.proc.kill('SIGKILL');
  await server.proc;
}

export interface LocaltunnelUp {
  up: RunningUpTunnel;
  id: string;
  publicUrl: string;
  receiverPort: number;
}

export async function startUpWithLocaltunnel(netns: Netns, server: RealServer, cwd: string): Promise<LocaltunnelUp> {
  const up = await startUpTunnel(['--tunnel', 'localtunnel', '--no-clipboard', '--no-inspect'], {
    cwd,
    env: {
      WA_HOOK_LOCALTUNNEL_HOST: `http://localhost:${server.port}`,
      WHATSAPP_VERIFY_TOKEN: TOKEN,
      WHATSAPP_APP_SECRET: APP_SECRET,
      HOME: cwd,
    },
    wrap: netns.wrap,
  });
  const receiverPort = Number((await up.waitForEvent((e) => e.type === 'ready', 'ready')).port);
  const tunnel = await up.waitForEvent((e) => e.type === 'tunnel', 'the tunnel URL');
  const publicUrl = String(tunnel.publicUrl);
  const id = /^https?:\/\/([^.]+)\./.exec(publicUrl)?.[1] ?? '';
  return { up, id, publicUrl, receiverPort };
}

/** Meta's verification GET through the server, routed to tunnel `id`. */
export async function verifyThrough(socket: string, id: string): Promise<{ status: number; body: string }> {
  const reply = await requestVia(socket, {
    path: `/webhook?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=1158201444`,
    headers: { Host: `${id}.${DOMAIN}`, 'User-Agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' },
    timeoutMs: 5000,
  });
  return { status: reply.status, body: reply.body.toString() };
}

/** A signed POST whose signature only verifies if every byte arrives unchanged. */
export async function signedPostThrough(socket: string, id: string, body: Buffer): Promise<number> {
  const signature = sign(body, APP_SECRET);
  const reply = await requestVia(socket, {
    method: 'POST',
    path: '/webhook',
    body,
    headers: {
      Host: `${id}.${DOMAIN}`,
      'Content-Type': 'application/json',
      'Content-Length': String(body.length),
      'X-Hub-Signature-256': signature,
    },
  });
  return reply.status;
}

export interface RestartOutcome {
  /** The restarted server (the caller stops it). */
  server: RealServer;
  /** What the same public URL answered to Meta's handshake once the server was back. */
  verified: { status: number; body: string };
  /** Requests to the receiver while the server was down, and how many of them failed. */
  receiverChecks: number;
  receiverFailures: number;
  /** Every public URL `up` announced, and whether any announcement said the URL changed. */
  announcedUrls: Set<string>;
  announcedChange: boolean;
}

/**
 * kill -9 the server, restart it on the same port after `downMs`, and report what `up` did meanwhile: whether
 * it came back on the same URL and whether its receiver answered throughout.
 */
export async function restartScenario(
  netns: Netns,
  server: RealServer,
  t: LocaltunnelUp,
  socket: string,
  receiverSocket: string,
  downMs: number,
): Promise<RestartOutcome> {
  expect((await verifyThrough(socket, t.id)).status).toBe(200);
  await killHard(server);
  // The downtime is the scenario itself (a crash and a restart), not a wait for something to happen.
  const down = new Promise((resolve) => setTimeout(resolve, downMs));
  let receiverFailures = 0;
  let receiverChecks = 0;
  const probing = (async () => {
    for (;;) {
      const result = await Promise.race([down.then(() => 'done' as const), probe(receiverSocket)]);
      if (result === 'done') return;
      receiverChecks += 1;
      if (result !== 200) receiverFailures += 1;
    }
  })();
  await down;
  await probing;
  const restarted = await startRealLocaltunnelServer(netns, server.port);
  const verified = await waitFor(
    async () => {
      const r = await verifyThrough(socket, t.id).catch(() => undefined);
      return r?.status === 200 && r;
    },
    { what: `the same URL (${t.publicUrl}) to answer again`, timeout: 30_000, interval: 100 },
  );
  const urls = t.up
    .events()
    .filter((e) => e.type === 'tunnel' || e.type === 'tunnel-restarted')
    .map((e) => e.publicUrl as string);
  return {
    server: restarted,
    verified,
    receiverChecks,
    receiverFailures,
    announcedUrls: new Set(urls),
    announcedChange: t.up.events().some((e) => e.changed === true),
  };
}

async function probe(receiverSocket: string): Promise<number> {
  const reply = await requestVia(receiverSocket, {
    path: `/webhook?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=7`,
    headers: { Host: '127.0.0.1' },
    timeoutMs: 2000,
  }).catch(() => ({ status: 0 }));
  return reply.status;
}
