/**
 * The real cloudflared, run unmodified by wa-hook from PATH: a private copy of the binary (its unique path
 * identifies the processes *this* test started, other tests run cloudflared too) behind a wrapper script that
 * inserts the hidden `--quick-service URL` flag, so quick tunnels ask the loopback trycloudflare stand-in.
 */
import { chmod, copyFile, mkdir, readdir, readlink, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Netns } from './netns.js';
import { REAL_CLOUDFLARED } from './real-tools.js';

const API = fileURLToPath(new URL('../fixtures/fake-trycloudflare-api.mjs', import.meta.url));

export interface RealCloudflared {
  /** Put first on PATH: holds the `cloudflared` wrapper. */
  binDir: string;
  /** The private copy the wrapper execs. */
  binary: string;
}

export async function installRealCloudflared(dir: string): Promise<RealCloudflared> {
  const binary = join(dir, 'cloudflared-real');
  await copyFile(REAL_CLOUDFLARED, binary);
  await chmod(binary, 0o755);
  const binDir = join(dir, 'bin');
  await mkdir(binDir);
  const wrapper = join(binDir, 'cloudflared');
  await writeFile(
    wrapper,
    [
      '#!/bin/sh',
      '# Test wrapper: the real cloudflared, with quick tunnels requested from $WA_HOOK_TEST_QUICK_SERVICE.',
      'if [ "$1" = "tunnel" ] && [ -n "$WA_HOOK_TEST_QUICK_SERVICE" ]; then',
      '  shift',
      `  exec '${binary}' tunnel --quick-service "$WA_HOOK_TEST_QUICK_SERVICE" "$@"`,
      'fi',
      `exec '${binary}' "$@"`,
      '',
    ].join('\n'),
  );
  await chmod(wrapper, 0o755);
  return { binDir, binary };
}

/** Pids of running processes whose executable is `binary` (our private copy only). */
export async function pidsOf(binary: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const exe = await readlink(`/proc/${entry}/exe`).catch(() => '');
    if (exe === binary || exe === `${binary} (deleted)`) pids.push(Number(entry));
  }
  return pids;
}

/** Starts the trycloudflare API stand-in inside the namespace; resolves with its base URL. */
export async function startQuickTunnelApi(netns: Netns): Promise<string> {
  const api = netns.spawn('node', [API], { buffer: false });
  const [chunk] = (await once(api.stdout!, 'data')) as [Buffer];
  return `http://127.0.0.1:${chunk.toString().trim()}`;
}
