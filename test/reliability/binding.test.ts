import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startUp, type RunningUp } from '../helpers/start-up.js';
import { SECRETS, summary } from './helpers.js';

/** Listening TCP sockets of a process, from /proc (Linux): local address and port of each. */
function listeningSockets(pid: number): Array<{ address: string; port: number }> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // fd closed meanwhile
    }
  }
  const out: Array<{ address: string; port: number }> = [];
  for (const [file, v6] of [
    ['tcp', false],
    ['tcp6', true],
  ] as const) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${file}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // st 0A = LISTEN; field 9 is the inode.
      if (f.length < 10 || f[3] !== '0A' || !inodes.has(f[9]!)) continue;
      const [hex, portHex] = f[1]!.split(':');
      out.push({ address: v6 ? ipv6(hex!) : ipv4(hex!), port: parseInt(portHex!, 16) });
    }
  }
  return out;
}

const ipv4 = (hex: string) => Buffer.from(hex, 'hex').reverse().join('.');
function ipv6(hex: string): string {
  const b = Buffer.from(hex, 'hex');
  // Four little-endian 32-bit words.
  for (let i = 0; i < 16; i += 4) b.subarray(i, i + 4).reverse();
  if (b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff)
    return `::ffff:${[...b.subarray(12)].join('.')}`;
  return Array.from({ length: 8 }, (_, i) => b.readUInt16BE(i * 2).toString(16))
    .join(':')
    .replace(/(^|:)0(:0)+(:|$)/, '::');
}

function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

describe('binding', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let up: RunningUp;
  beforeAll(async () => {
    tmp = await makeTempDir('wa-hook-bind-');
    up = await startUp(
      ['--app-secret', SECRETS.appSecret, '--verify-token', SECRETS.verifyToken, '--inspect-port', '0'],
      { cwd: tmp.dir },
    );
  });
  afterAll(async () => {
    await up?.stop();
    await tmp?.cleanup();
  });

  it('listens on loopback only: every listening socket is 127.0.0.1/::1, and no other address of this machine answers', async () => {
    const sockets = listeningSockets(up.proc.pid!);
    const notLoopback = sockets.filter((s) => s.address !== '127.0.0.1' && s.address !== '::1');
    // This machine's own non-loopback addresses only: no traffic leaves the host.
    const own = Object.entries(networkInterfaces()).flatMap(([name, list]) =>
      (list ?? [])
        .filter((i) => !i.internal)
        .map((i) => (i.family === 'IPv6' && i.address.startsWith('fe80') ? `${i.address}%${name}` : i.address)),
    );
    const attempts: Array<{ host: string; port: number; result: string }> = [];
    for (const { port } of sockets)
      for (const host of own) attempts.push({ host, port, result: await tryConnect(host, port) });
    const reachable = attempts.filter((a) => a.result === 'connected');
    summary(
      `binding: ${sockets.length} listening sockets (${sockets.map((s) => `${s.address}:${s.port}`).join(', ')}), ${notLoopback.length} not on loopback; ` +
        `${attempts.length} connection attempts to ${own.length} non-loopback addresses of this machine (${own.join(', ') || 'none'}), reachable ${reachable.length}`,
    );
    expect(sockets.length).toBeGreaterThanOrEqual(2); // receiver + inspector
    expect(sockets.some((s) => s.port === up.port)).toBe(true);
    expect(notLoopback).toEqual([]);
    expect(reachable).toEqual([]);
  });
});
