import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../src/events/log/writer-io.js';
import { findById, followRecords, readPage } from '../../src/events/log/reader-io.js';
import { newEventId, storedBody } from '../../src/events/record/fields.js';
import { parseRecordLine } from '../../src/events/record/line.js';
import type { EventRecord } from '../../src/events/record/record.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

function event(i: number, id = newEventId()): { record: EventRecord; json: Buffer } {
  const raw = Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', i, text: `caf\\u00e9 ${i}` }));
  const stored = storedBody(raw, { json: true, utf8: true });
  const record: EventRecord = {
    id,
    receivedAt: new Date().toISOString(),
    kind: 'event',
    method: 'POST',
    url: '/webhook',
    headers: { 'content-type': 'application/json' },
    status: 200,
    signature: 'valid',
    ...stored.fields,
  };
  return { record, json: stored.json! };
}

async function allPages(path: string, limit: number): Promise<EventRecord[]> {
  const out: EventRecord[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await readPage(path, { limit, before });
    out.push(...page.records);
    if (page.next === undefined) return out;
    before = page.next;
  }
}

describe('event log writer: rotation, symlinks, id lookups', () => {
  let dir: string;
  let path: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    path = join(dir, '.wa-hook', 'events.jsonl');
  });
  afterEach(() => cleanup());

  it('rotates by size, keeps N older files, says so once per rotation; readers page across every file', async () => {
    const notices: string[] = [];
    const log = await EventLog.open(path, { maxBytes: 2_000, keep: 2, onNotice: (t) => notices.push(t) });
    const written: EventRecord[] = [];
    for (let i = 0; i < 40; i++) {
      const { record, json } = event(i);
      await log.append(record, json);
      written.push(record);
    }
    await log.close();
    expect((await readdir(join(dir, '.wa-hook'))).sort()).toEqual(['events.1.jsonl', 'events.2.jsonl', 'events.jsonl']);
    expect(notices.length).toBeGreaterThan(2);
    expect(notices[0]).toMatch(/^event log reached 2 KB: moved it to .*events\.1\.jsonl .*keeping 2 older files/);
    // Whatever was kept reads back newest first, with no gap and no duplicate, across file boundaries.
    const read = await allPages(path, 3);
    expect(read.length).toBeGreaterThan(10);
    expect(read.map((r) => r.id)).toEqual(
      written
        .slice(-read.length)
        .reverse()
        .map((r) => r.id),
    );
    expect(JSON.parse(read.at(-1)!.body!)).toMatchObject({ object: 'whatsapp_business_account' });
    // An id in a rotated file is found.
    expect((await findById(path, read.at(-1)!.id))?.body).toBe(read.at(-1)!.body);
  });

  it('a cursor survives a rotation between two pages', async () => {
    const log = await EventLog.open(path, { maxBytes: 3_000, keep: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const { record, json } = event(i);
      await log.append(record, json);
      ids.push(record.id);
    }
    const first = await readPage(path, { limit: 4 });
    for (let i = 8; i < 30; i++) {
      const { record, json } = event(i);
      await log.append(record, json);
    }
    await log.close();
    const second = await readPage(path, { limit: 4, before: first.next });
    expect(second.records.map((r) => r.id)).toEqual(ids.slice(0, 4).reverse());
  });

  it('--follow keeps going across a rotation', async () => {
    const log = await EventLog.open(path, { maxBytes: 1_500, keep: 1 });
    const controller = new AbortController();
    const got: string[] = [];
    const done = (async () => {
      for await (const r of followRecords(path, 0, controller.signal, 5)) got.push(r.id);
    })();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { record, json } = event(i);
      await log.append(record, json);
      ids.push(record.id);
      // Each record must be seen before the next one lands, so no rotation outruns the poll.
      await waitFor(() => got.length === i + 1 || undefined, { what: `record ${i} followed` });
    }
    controller.abort();
    await done;
    await log.close();
    expect(got).toEqual(ids);
  });

  it('an unknown id stops at the first record clearly older than it: it never reads the whole log', async () => {
    const now = Date.now();
    const target = newEventId(now);
    const old = event(0, target).record;
    const log = await EventLog.open(path);
    // The same id far back, behind records an hour older: reachable only by a full scan.
    await log.append({ ...old });
    for (let i = 0; i < 50; i++) await log.append(event(i, newEventId(now - 3_600_000)).record);
    await log.close();
    expect(await findById(path, target)).toBeUndefined();
    expect(await findById(path, 'evt_not-an-id')).toBeUndefined();
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a symlinked events.jsonl or .wa-hook and leaves the target alone',
    async () => {
      const target = join(dir, 'bashrc');
      await writeFile(target, 'export A=1\n');
      await mkdir(join(dir, '.wa-hook'));
      await symlink(target, path);
      await expect(EventLog.open(path)).rejects.toThrow(/refusing to use .*events\.jsonl: it is a symbolic link/);
      await expect(readPage(path, { limit: 5 })).rejects.toThrow(/it is a symbolic link/);
      expect(await readFile(target, 'utf8')).toBe('export A=1\n');

      const other = join(dir, 'elsewhere');
      await mkdir(other);
      const project = join(dir, 'p');
      await mkdir(project);
      await symlink(other, join(project, '.wa-hook'));
      await expect(EventLog.open(join(project, '.wa-hook', 'events.jsonl'))).rejects.toThrow(
        /refusing to use .*\.wa-hook: it is a symbolic link/,
      );
      expect(existsSync(join(other, 'events.jsonl'))).toBe(false);
    },
  );

  it.skipIf(process.platform === 'win32')('refuses a FIFO planted as events.jsonl instead of hanging', async () => {
    await mkdir(join(dir, '.wa-hook'));
    execFileSync('mkfifo', [path]);
    await expect(EventLog.open(path)).rejects.toThrow(/not a regular file/);
  });

  it('keeps every line parseable: each record is one line, JSON bodies verbatim', async () => {
    const log = await EventLog.open(path);
    const { record, json } = event(1);
    await log.append(record, json);
    await log.close();
    const text = await readFile(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toContain(json.toString());
    expect(parseRecordLine(text.trimEnd())?.body).toBe(json.toString());
  });
});
