import { appendFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCli, startCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { BASE_TIME, generatedRecord, writeGeneratedLog } from '../helpers/event-log-fixture.js';

const COUNT = 100_000;
const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
const ids = (text: string) => lines(text).map((l) => /evt_\w+/.exec(l)?.[0]);
const genId = (i: number) => String(generatedRecord(i).id);

describe('wa-hook events on a 100,000-line log', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    // A torn last line, as a kill -9 in the middle of a write leaves it.
    await writeGeneratedLog(dir, COUNT, '{"id":"evt_torn","receivedAt":"2026-');
  });
  afterAll(() => cleanup());

  it('--limit 20 prints the newest 20, oldest first, and skips the torn last line', async () => {
    const run = await runCli(['events', '--limit', '20'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(ids(run.stdout)).toEqual(Array.from({ length: 20 }, (_, k) => genId(COUNT - 20 + k)));
    expect(run.stdout).not.toContain('evt_torn');
    expect(lines(run.stdout).at(-1)).toMatch(
      /^2026-01-02 03:46:39 {2}text +← text from \+16505551234 \(Sheena\) "message 99999" {2}evt_\w+$/,
    );
  });

  it('--json prints NDJSON records with label and summary', async () => {
    const run = await runCli(['events', '--limit', '3', '--json'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    const records = lines(run.stdout).map((l) => JSON.parse(l));
    expect(records.map((r) => r.id)).toEqual([genId(COUNT - 3), genId(COUNT - 2), genId(COUNT - 1)]);
    expect(records[2]).toMatchObject({
      kind: 'event',
      label: 'text',
      summary: ['← text from +16505551234 (Sheena) "message 99999"'],
    });
    expect(run.stderr).toBe('');
  });

  it.each([
    ['image', ['--type', 'image', '--limit', '3'], [99970, 99980, 99990]],
    ['status', ['--type', 'status', '--limit', '2'], [99981, 99991]],
    ['verification', ['--type', 'verification', '--limit', '2'], [99982, 99992]],
    ['rejected', ['--type', 'rejected', '--limit', '2'], [99983, 99993]],
    ['several types', ['--type', 'image,status', '--limit', '3'], [99981, 99990, 99991]],
    ['sender', ['--from', '+49 151 0009 9980', '--limit', '5'], [99980]],
    [
      'since ISO',
      ['--since', new Date(BASE_TIME + 99_995_000).toISOString(), '--limit', '50'],
      [99995, 99996, 99997, 99998, 99999],
    ],
    [
      'since + type',
      ['--since', new Date(BASE_TIME + 99_985_000).toISOString(), '--type', 'text'],
      [99985, 99986, 99987, 99988, 99989, 99994, 99995, 99996, 99997, 99998, 99999],
    ],
  ])('filters by %s', async (_name, args, expected) => {
    const run = await runCli(['events', ...args], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(ids(run.stdout)).toEqual(expected.map(genId));
  });

  it('an age like 1d finds nothing in a log from January 2026 and says so', async () => {
    const run = await runCli(['events', '--since', '1d'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/no events match/);
  });

  it('show ID prints headers, the raw body and pretty JSON; show last the newest record', async () => {
    const run = await runCli(['events', 'show', genId(99993)], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('POST /webhook → 401');
    expect(run.stdout).toMatch(/✖ refused \(401\): signature invalid: signature does not match/);
    expect(run.stdout).toMatch(/→ the sender signs with another app secret/);
    expect(run.stdout).toContain('  content-type: application/json');
    expect(run.stdout).toContain(String(generatedRecord(99993).body));
    expect(run.stdout).toMatch(/\n {10,}"body": "bad 99993"\n/);
    const last = await runCli(['events', 'show', 'last', '--json'], { cwd: dir });
    expect(JSON.parse(last.stdout)).toMatchObject({ id: genId(99999), label: 'text', verdict: { ok: true } });
  });

  it.each([
    ['unknown id', ['events', 'show', 'evt_nope'], /no event with id evt_nope/],
    ['show without id', ['events', 'show'], /needs an event id/],
    ['bad --since', ['events', '--since', 'yesterday'], /--since must be/],
    ['bad --limit', ['events', '--limit', '0'], /--limit must be/],
    ['unknown action', ['events', 'list'], /unknown events action/],
    ['unknown --type', ['events', '--type', 'imgae'], /unknown --type "imgae" — did you mean "image"\?/],
    ['unknown --type among good ones', ['events', '--type', 'text,bogus'], /unknown --type "bogus"/],
  ])('%s → exit 2 with one line', async (_name, args, message) => {
    const run = await runCli(args, { cwd: dir });
    expect(run.exitCode).toBe(2);
    if (args.includes('--type')) expect(run.stderr).toMatch(/→ valid types: message, text, image,.* probe/);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('wa-hook events --follow', () => {
  it('prints records appended later (also after a torn line is completed) until SIGTERM', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const path = await writeGeneratedLog(dir, 5);
      const proc = startCli(['events', '--follow', '--type', 'text'], { cwd: dir });
      let stdout = '';
      proc.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
      await waitFor(() => stdout.includes(genId(4)), { what: 'initial list' });
      const next = JSON.stringify({ ...generatedRecord(14), id: 'evt_followed' });
      // Written in two parts: the reader must wait for the newline.
      await appendFile(path, next.slice(0, 40));
      await appendFile(
        path,
        `${next.slice(40)}\n${JSON.stringify({ ...generatedRecord(11), id: 'evt_status_skipped' })}\n`,
      );
      await waitFor(() => stdout.includes('evt_followed'), { what: 'followed record' });
      proc.kill('SIGTERM');
      const result = await proc;
      expect(result.exitCode).toBe(0);
      expect(stdout).not.toContain('evt_status_skipped');
    } finally {
      await cleanup();
    }
  });

  it('without a log: no error, says none yet', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const run = await runCli(['events'], { cwd: dir });
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toMatch(/no events recorded yet/);
      await rm(join(dir, '.wa-hook'), { recursive: true, force: true });
    } finally {
      await cleanup();
    }
  });
});
