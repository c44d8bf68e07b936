/**
 * A network namespace with only loopback, for tests that run real tunnel programs: nothing they do can leave
 * the machine. A holder process keeps the namespace alive (it exits when our stdin closes, i.e. with the test
 * process); commands enter it with `nsenter`, which execs, so a spawned command's pid is the program's own.
 * The test process stays outside; `expose(port)` gives it a unix socket that reaches 127.0.0.1:port inside.
 */
import { execa, type Options, type ResultPromise } from 'execa';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';
import { requestRaw, type RawReply } from './loopback-server.js';

const BRIDGE = fileURLToPath(new URL('../fixtures/netns-bridge.mjs', import.meta.url));
const ROOT_USER = process.getuid?.() === 0;

export interface Netns {
  pid: number;
  /** The `nsenter …` prefix that runs a command inside. */
  wrap: string[];
  spawn(command: string, args: string[], options?: Options): ResultPromise;
  /** A unix socket path (under `dir`) connected to 127.0.0.1:port inside the namespace. */
  expose(port: number, dir: string): Promise<string>;
  close(): Promise<void>;
}

/** Opens the namespace, or returns why it cannot (no unshare/ip, no permission). */
export async function openNetns(): Promise<Netns | string> {
  // Root: a plain network namespace. Otherwise a user namespace too (`-r`), entered the same way.
  const holder = execa(
    'unshare',
    [ROOT_USER ? '-n' : '-rn', 'sh', '-c', 'ip link set lo up && echo ready && exec cat'],
    {
      stdin: 'pipe',
      reject: false,
      buffer: false,
    },
  );
  let out = '';
  let err = '';
  holder.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  holder.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  let ended = false;
  void holder.then(() => (ended = true));
  try {
    await waitFor(
      () => {
        if (ended) throw new Error(err.trim() || 'unshare exited');
        return out.includes('ready');
      },
      { timeout: 10_000, what: 'the network namespace' },
    );
  } catch (error) {
    holder.kill('SIGKILL');
    return `cannot create a loopback-only network namespace (${(error as Error).message.split('\n')[0]})`;
  }
  const pid = holder.pid!;
  const wrap = ['nsenter', '-t', String(pid), ...(ROOT_USER ? ['-n'] : ['-U', '-n', '--preserve-credentials'])];
  const children: ResultPromise[] = [];
  const spawn = (command: string, args: string[], options: Options = {}): ResultPromise => {
    const child = execa(wrap[0]!, [...wrap.slice(1), command, ...args], { reject: false, ...options }) as ResultPromise;
    children.push(child);
    return child;
  };
  return {
    pid,
    wrap,
    spawn,
    async expose(port, dir) {
      const path = join(dir, `ns-${port}.sock`);
      const bridge = spawn('node', [BRIDGE, path, String(port)], { buffer: false });
      await once(bridge.stdout!, 'data');
      return path;
    },
    async close() {
      for (const child of children) child.kill('SIGKILL');
      await Promise.all(children);
      holder.stdin?.end();
      await holder;
    },
  };
}

/** One HTTP request through an exposed unix socket (Host header as given: the localtunnel server routes by it). */
export function requestVia(
  socketPath: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer; timeoutMs?: number },
): Promise<RawReply> {
  const { method = 'GET', path, headers, body, timeoutMs = 10_000 } = options;
  return requestRaw(undefined, { socketPath, method, path, headers }, body, timeoutMs);
}
