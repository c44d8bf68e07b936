/**
 * Shared pieces of the reliability suite: Meta-style signed bodies with unique ids, raw-socket requests
 * (the fuzz needs bytes no HTTP client would send), a keep-alive poster, RSS, and the summary lines that
 * scripts/run-reliability.mjs prints after vitest.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { signBody } from '../../src/verification/signature.js';
import { toMetaBytes } from '../../src/samples/bytes/meta-bytes.js';
import { DEFAULT_VARS, parseTemplate, renderTemplate } from '../../src/samples/render.js';
import { TEMPLATES_DIR } from '../../src/samples/templates-io.js';
import { join } from 'node:path';
import { ROOT } from '../helpers/run-cli.js';

export const SECRETS = {
  verifyToken: 'rel-verify-token-5f1e2d3c4b5a',
  appSecret: 'c0ffee00deadbeef00c0ffee00deadbe',
  accessToken: 'EAAGrelAccessTokenZx9yQ0pLmNoPqRsTuVwXyZ123456',
};

const SUMMARY = `${ROOT}/test-artifacts/reliability-summary.txt`;

/** One line per property, printed by the runner after vitest (vitest's own output interleaves). */
export function summary(line: string): void {
  mkdirSync(`${ROOT}/test-artifacts`, { recursive: true });
  appendFileSync(SUMMARY, `${line}\n`);
}

const textTemplate = parseTemplate(
  'text',
  JSON.parse(readFileSync(join(TEMPLATES_DIR, 'messages', 'text.json'), 'utf8')),
);

/** send-sample's `text` template as Meta serializes it, with `wamid` as its message id. */
export function metaText(wamid: string, text = 'Does it come in another colour? café/shop'): Buffer {
  return toMetaBytes(renderTemplate(textTemplate, { ...DEFAULT_VARS, wamid, timestamp: '1749416383', text }));
}

export function sign(body: Uint8Array | string): string {
  return signBody(body, SECRETS.appSecret);
}

export interface RawResult {
  /** HTTP status of the first response, or undefined when the connection closed without one. */
  status?: number;
  closed: boolean;
  error?: string;
}

/**
 * Writes `chunks` to a fresh connection and reads the first response's status line. `cutAfterMs` ends
 * the connection from our side (slow-loris bodies that never finish); `endAfterWrite` half-closes it.
 */
export function rawRequest(
  port: number,
  chunks: Array<Buffer | string>,
  options: { cutAfterMs?: number; timeoutMs?: number; signal?: AbortSignal; endAfterWrite?: boolean } = {},
): Promise<RawResult> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    let done = false;
    const finish = (result: RawResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const statusOf = () => {
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      return m ? Number(m[1]) : undefined;
    };
    const timer = setTimeout(
      () => finish({ status: statusOf(), closed: false, error: 'timeout' }),
      options.timeoutMs ?? 10_000,
    );
    options.signal?.addEventListener('abort', () => finish({ status: statusOf(), closed: true }), { once: true });
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
      // A client that sent everything it had: the server sees end-of-stream instead of waiting for more.
      if (options.endAfterWrite) socket.end();
      if (options.cutAfterMs !== undefined)
        setTimeout(() => finish({ status: statusOf(), closed: true }), options.cutAfterMs);
    });
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      if (statusOf() !== undefined && options.cutAfterMs === undefined) finish({ status: statusOf(), closed: false });
    });
    socket.on('error', (e: NodeJS.ErrnoException) => finish({ status: statusOf(), closed: true, error: e.code }));
    socket.on('close', () => finish({ status: statusOf(), closed: true }));
  });
}

/** POSTs over a shared keep-alive agent; resolves with the status (or undefined on a transport error). */
export function post(
  agent: Agent,
  url: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
        res.on('error', () => resolve(undefined));
      },
    );
    req.on('error', () => resolve(undefined));
    req.end(body);
  });
}

export function signedHeaders(body: Buffer): Record<string, string> {
  return { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) };
}

export function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}
