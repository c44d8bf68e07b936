/**
 * Issue 27 item 6: trickling sockets cannot hold the receiver's connection slots for long, and refused
 * traffic has its own budget in the event log, so it cannot rotate accepted events away.
 */
import { connect, type Socket } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { startReceiver, type Receiver } from '../../src/receiver/server-io.js';
import { EventLog } from '../../src/events/log/writer-io.js';
import { storedBody } from '../../src/events/record/fields.js';
import { eventRecord } from '../helpers/event-log-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { exchangeRaw, rawHandshake } from '../helpers/raw-socket.js';
import { request, Agent } from 'undici';
import { sign } from '../helpers/webhook.js';

const TOKEN = 'tok_slow_sockets_0123456789';
const sockets: Socket[] = [];
let receiver: Receiver | undefined;
let log: EventLog | undefined;
let cleanup = async () => {};

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await receiver?.close();
  await log?.close();
  receiver = undefined;
  log = undefined;
  await cleanup();
});

/** A socket that sends its request head one byte every 200 ms, forever (slowloris). */
function trickle(port: number): void {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  socket.on('error', () => {});
  const head = 'POST /webhook HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(10_000);
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer);
    socket.write(head[i++ % head.length]!);
  }, 200);
  socket.on('close', () => clearInterval(timer));
}

const handshake = (port: number) => exchangeRaw(port, rawHandshake(TOKEN, '42'), { track: sockets, timeoutMs: 2_000 });

describe('slow sockets', () => {
  it('trickling sockets that fill every slot are closed within seconds, and Meta gets through again', async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    log = await EventLog.open(join(temp.dir, 'events.jsonl'));
    receiver = await startReceiver({ port: 0, path: '/webhook', verifyToken: TOKEN, log, maxConnections: 3 });
    for (let i = 0; i < 3; i++) trickle(receiver.port);
    await waitFor(() => new Promise<boolean>((r) => receiver!.server.getConnections((_e, n) => r(n === 3))), {
      what: 'three slow sockets holding every slot',
    });
    // Before the fix the head timeout (15 s) was checked every 30 s: far beyond this 15 s wait.
    const answer = await waitFor(
      async () => {
        const text = await handshake(receiver!.port);
        return text.startsWith('HTTP/1.1 200') ? text : undefined;
      },
      { what: 'a handshake answered again', timeout: 15_000, interval: 250 },
    );
    expect(answer.endsWith('42')).toBe(true);
  });
});

describe('refused traffic in the event log', () => {
  it('fills at most a quarter of a file with bodies; accepted events stay in the current file', async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    const path = join(temp.dir, 'events.jsonl');
    log = await EventLog.open(path, { maxBytes: 1024 * 1024 });
    await log.append(eventRecord({ id: 'evt_mabc12001a1b2c1', body: '{"accepted":true}' }));
    const junk = Buffer.alloc(200_000, 0x61);
    for (let i = 0; i < 100; i++) {
      // 100 × 64 KiB kept of each refused body would be 6.4 MB: six rotations of a 1 MiB file.
      await log.append(
        eventRecord({
          kind: 'rejected',
          status: 401,
          signature: 'invalid',
          ...storedBody(junk, { refused: true }).fields,
        }),
      );
    }
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines[0]).toContain('evt_mabc12001a1b2c1');
    expect(lines).toHaveLength(101);
    const last = JSON.parse(lines.at(-1)!) as { body?: string; bodySize?: number };
    expect(last.body).toBeUndefined();
    expect(last.bodySize).toBe(200_000);
  });
});

describe('refused traffic cannot rotate accepted events out', () => {
  it('3,200 badly signed requests through the receiver leave the accepted event listed by `wa-hook events`', async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    const path = join(temp.dir, '.wa-hook', 'events.jsonl');
    const notices: string[] = [];
    // 256 KiB files, one rotated file kept: 3,200 refused records of ~500 bytes are 1.6 MB, six files' worth.
    log = await EventLog.open(path, { maxBytes: 256 * 1024, keep: 1, onNotice: (t) => notices.push(t) });
    receiver = await startReceiver({ port: 0, path: '/webhook', verifyToken: TOKEN, appSecret: 'app-secret', log });
    const agent = new Agent({ connections: 8 });
    const post = async (signature: string, body: string) => {
      const res = await request(receiver!.url, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body,
      });
      await res.body.dump();
      return res.statusCode;
    };
    const accepted = '{"object":"whatsapp_business_account","entry":[]}';
    const good = sign(accepted, 'app-secret');
    expect(await post(good, accepted)).toBe(200);
    const refused = await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        const codes: number[] = [];
        for (let i = worker; i < 3_200; i += 8) codes.push(await post(`sha256=${'0'.repeat(64)}`, `{"n":${i}}`));
        return codes;
      }),
    );
    await agent.close();
    expect(refused.flat().every((code) => code === 401)).toBe(true);

    const listed = await runCli(['events', '--json', '--limit', '5000'], { cwd: temp.dir });
    expect(listed.exitCode).toBe(0);
    const records = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; status: number });
    expect(records.filter((r) => r.kind === 'event' && r.status === 200)).toHaveLength(1);
    // Some refused requests are recorded (the first ones, up to their budget): the evidence stays.
    expect(records.filter((r) => r.kind === 'rejected').length).toBeGreaterThan(50);
    expect((await readFile(path)).length).toBeLessThan(256 * 1024);
    expect(notices.some((n) => /refused requests filled their 64 KB share/.test(n))).toBe(true);
  });
});
