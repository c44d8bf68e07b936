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

function handshake(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(
        `GET /webhook?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=42 HTTP/1.1\r\nHost: x\r\n\r\n`,
      ),
    );
    sockets.push(socket);
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
    socket.setTimeout(2_000, () => socket.destroy());
  });
}

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
