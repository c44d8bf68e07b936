import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecordLine } from '../../src/events/record/line.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startUp, type RunningUp } from '../helpers/start-up.js';
import { makeCases, oversizeChunked, type FuzzCase } from './fuzz-cases.js';
import { SECRETS, metaText, pool, post, rawRequest, rssMb, signedHeaders, summary, type RawResult } from './helpers.js';

const COUNT = 10_400;
const OVERSIZE = 8;
const SEED = Number(process.env.WA_HOOK_FUZZ_SEED ?? 20260601);
/** Generous: a 4 MiB body in flight per connection is the receiver's own bound. */
const RSS_LIMIT_MB = 400;

function acceptable(c: FuzzCase, r: RawResult): boolean {
  const is4xx = r.status !== undefined && r.status >= 400 && r.status < 500;
  if (c.expect === '4xx') return is4xx;
  if (c.expect === '4xx-or-closed') return is4xx || (r.status === undefined && r.closed);
  // A cut-off slow-loris request cannot be answered; it must only not hurt the receiver.
  return r.status === undefined || is4xx;
}

describe('fuzz: malformed requests', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let up: RunningUp;
  beforeAll(async () => {
    tmp = await makeTempDir('wa-hook-fuzz-');
    up = await startUp(['--app-secret', SECRETS.appSecret, '--verify-token', SECRETS.verifyToken], { cwd: tmp.dir });
  });
  afterAll(async () => {
    await up?.stop();
    await tmp?.cleanup();
  });

  it(`answers ${COUNT + OVERSIZE} malformed requests with 4xx (or a closed connection), stays up with bounded memory`, async () => {
    const cases = [...makeCases(SEED, COUNT), ...oversizeChunked(OVERSIZE)];
    const pid = up.proc.pid!;
    const rssStart = rssMb(pid) ?? 0;
    let rssPeak = rssStart;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(pid) ?? 0)), 50);
    // Slow-loris headers held open for the whole run: they must not block anyone else.
    const holdLorises = new AbortController();
    // One listener per slow-loris connection (20): not a leak.
    setMaxListeners(64, holdLorises.signal);
    const lorises = Array.from({ length: 20 }, () =>
      rawRequest(up.port, ['POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '], {
        timeoutMs: 170_000,
        signal: holdLorises.signal,
      }),
    );
    const started = Date.now();
    const results = await pool(
      cases.map(
        (c) => () => rawRequest(up.port, c.chunks, { cutAfterMs: c.cutAfterMs, endAfterWrite: c.endAfterWrite }),
      ),
      32,
    );
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;

    const bad = cases.map((c, i) => ({ c, r: results[i]! })).filter(({ c, r }) => !acceptable(c, r));
    const byKind = new Map<string, number>();
    for (const c of cases) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
    const badKinds = new Map<string, number>();
    for (const { c } of bad) badKinds.set(c.kind, (badKinds.get(c.kind) ?? 0) + 1);

    // Afterwards a real, signed event still gets 200.
    const agent = new Agent({ keepAlive: true });
    const body = metaText('wamid.AFTERFUZZ');
    const after = await post(agent, up.url, body, signedHeaders(body));
    agent.destroy();
    const alive = up.proc.exitCode === null;
    const rssEnd = rssMb(pid) ?? 0;
    holdLorises.abort();
    const lorisAnswers = (await Promise.all(lorises)).filter((r) => r.status !== undefined).length;

    // The log holds one parseable line per answered request, none torn.
    const lines = readFileSync(join(tmp.dir, '.wa-hook', 'events.jsonl'), 'utf8')
      .split('\n')
      .slice(0, -1);
    const unparsable = lines.filter((l) => parseRecordLine(l) === undefined).length;

    summary(
      `fuzz: ${cases.length} malformed requests (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}) in ${seconds.toFixed(1)} s, seed ${SEED}: ` +
        `${bad.length} not 4xx/closed${bad.length ? ` (${[...badKinds].map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}, crashes ${alive ? 0 : 1}, RSS ${rssStart.toFixed(0)} → peak ${rssPeak.toFixed(0)} → ${rssEnd.toFixed(0)} MB, ` +
        `20 slow-loris header connections held (${lorisAnswers} answered early), valid request afterwards ${after}, log lines ${lines.length} (${unparsable} unparsable)`,
    );
    expect(
      bad
        .slice(0, 5)
        .map(({ c, r }) => ({ kind: c.kind, expect: c.expect, got: r, first: String(c.chunks[0]).slice(0, 120) })),
    ).toEqual([]);
    expect(alive).toBe(true);
    expect(after).toBe(200);
    expect(rssPeak).toBeLessThan(RSS_LIMIT_MB);
    expect(unparsable).toBe(0);
  });
});
