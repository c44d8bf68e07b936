import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../src/events/record/record.js';
import { parseRecordLine } from '../../src/events/record/line.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';
import { startUp, type RunningUp } from '../helpers/start-up.js';
import { waitFor } from '../helpers/wait-for.js';
import { SECRETS, metaText, post, signedHeaders, summary } from './helpers.js';

const UP_ARGS = ['--app-secret', SECRETS.appSecret, '--verify-token', SECRETS.verifyToken];

/** Sends `count` signed events with unique wamids, `concurrency` at a time; returns the wamids answered 200. */
async function burst(
  url: string,
  prefix: string,
  count: number,
  concurrency: number,
  onAck?: (n: number) => void,
  shouldStop = () => false,
): Promise<{ acked: string[]; failed: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const acked: string[] = [];
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count && !shouldStop()) {
        const wamid = `wamid.${prefix}.${next++}`;
        const body = metaText(wamid);
        const status = await post(agent, url, body, signedHeaders(body));
        if (status === 200) {
          acked.push(wamid);
          onAck?.(acked.length);
        } else failed++;
      }
    }),
  );
  agent.destroy();
  return { acked, failed };
}

function readLog(dir: string): { records: EventRecord[]; lines: number; torn: number; endsWithNewline: boolean } {
  const text = readFileSync(join(dir, '.wa-hook', 'events.jsonl'), 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const records = lines.map((l) => parseRecordLine(l)).filter((r): r is EventRecord => r !== undefined);
  return { records, lines: lines.length, torn: lines.length - records.length, endsWithNewline: text.endsWith('\n') };
}

const wamidOf = (r: EventRecord) => /"id":"(wamid\.[^"]+)"/.exec(r.body ?? '')?.[1];

describe('no loss and durability of the event log', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let up: RunningUp | undefined;
  beforeEach(async () => {
    tmp = await makeTempDir('wa-hook-loss-');
  });
  afterEach(async () => {
    if (up && up.proc.exitCode === null) await up.stop('SIGKILL');
    up = undefined;
    await tmp.cleanup();
  });

  it('records exactly 10,000 concurrent signed events: one parseable line each, no duplicates, none torn', async () => {
    const COUNT = 10_000;
    up = await startUp(UP_ARGS, { cwd: tmp.dir });
    const started = Date.now();
    const { acked, failed } = await burst(up.url, 'LOSS', COUNT, 50);
    const seconds = (Date.now() - started) / 1000;
    const log = readLog(tmp.dir);
    const ids = log.records.map(wamidOf);
    const unique = new Set(ids);
    const missing = acked.filter((w) => !unique.has(w)).length;
    const duplicates = ids.length - unique.size;
    summary(
      `no loss: ${COUNT} signed events, concurrency 50, ${seconds.toFixed(1)} s: ${acked.length} acknowledged, ${failed} failed, ` +
        `${log.lines} log lines, lost ${missing}, duplicates ${duplicates}, torn ${log.torn}`,
    );
    expect({
      acked: acked.length,
      failed,
      lines: log.lines,
      missing,
      duplicates,
      torn: log.torn,
      endsWithNewline: log.endsWithNewline,
    }).toEqual({
      acked: COUNT,
      failed: 0,
      lines: COUNT,
      missing: 0,
      duplicates: 0,
      torn: 0,
      endsWithNewline: true,
    });
  });

  it('after kill -9 mid-burst, every event answered 200 is in the log, and the log stays usable', async () => {
    up = await startUp(UP_ARGS, { cwd: tmp.dir });
    const victim = up;
    let killedAt = 0;
    let killTime = 0;
    const KILL_AFTER = 3_000;
    const sending = burst(
      victim.url,
      'KILL',
      50_000,
      50,
      (n) => {
        if (n >= KILL_AFTER && killedAt === 0) {
          killedAt = n;
          killTime = Date.now();
          victim.proc.kill('SIGKILL');
        }
      },
      // Keep sending briefly past the kill (those requests fail), then stop issuing.
      () => killTime !== 0 && Date.now() - killTime > 300,
    );
    const { acked, failed } = await sending;
    await victim.proc;
    const afterKill = readLog(tmp.dir);
    const logged = new Set(afterKill.records.map(wamidOf));
    const lost = acked.filter((w) => !logged.has(w));

    // The next `up` in the same folder starts despite the stale state file, and appends readable records.
    up = await startUp(UP_ARGS, { cwd: tmp.dir });
    const body = metaText('wamid.AFTERKILL');
    const agent = new Agent({ keepAlive: false });
    const status = await post(agent, up.url, body, signedHeaders(body));
    const afterRestart = readLog(tmp.dir);
    const replay = await runCli(
      ['send-sample', '--replay', 'last', '--url', up.url, '--app-secret', SECRETS.appSecret],
      { cwd: tmp.dir },
    );
    await waitFor(() => readLog(tmp.dir).records.length === afterRestart.records.length + 1, {
      what: 'the replayed event in the log',
    });
    const replayed = readLog(tmp.dir).records.at(-1)!;

    summary(
      `durability: kill -9 after ${killedAt} acknowledgements: ${acked.length} acknowledged in total, ${failed} cut off, ` +
        `${afterKill.records.length} records in the log, lost ${lost.length}, torn last line ${afterKill.torn} (tolerated), ` +
        `restart ${status}, replay of the last event exit ${replay.exitCode}`,
    );
    expect(lost).toEqual([]);
    expect(afterKill.torn).toBeLessThanOrEqual(1);
    expect(status).toBe(200);
    expect(afterRestart.torn).toBe(afterKill.torn);
    expect(wamidOf(afterRestart.records.at(-1)!)).toBe('wamid.AFTERKILL');
    expect(replay.exitCode).toBe(0);
    expect(replayed.body).toBe(body.toString());
  });
});
