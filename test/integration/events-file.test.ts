import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { findFromEnd, followRecords, readPage } from '../../src/events/log/reader-io.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { generatedRecord } from '../helpers/event-log-fixture.js';

const genId = (i: number) => String(generatedRecord(i).id);
const line = (i: number, extra: Record<string, unknown> = {}) => JSON.stringify({ ...generatedRecord(i), ...extra });

describe('events-file: reading the JSONL log from the end', () => {
  const temp = useTempDir();
  let path: string;
  beforeEach(async () => {
    await mkdir(join(temp.dir, '.wa-hook'));
    path = join(temp.dir, '.wa-hook', 'events.jsonl');
  });

  it('pages through every record exactly once, newest first, across chunk boundaries and lines larger than a chunk', async () => {
    const big = 'x'.repeat(150_000);
    const lines = Array.from({ length: 300 }, (_, i) => line(i, i % 97 === 0 ? { detail: big } : {}));
    await writeFile(path, `${lines.join('\n')}\n`);
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await readPage(path, { limit: 37, before });
      seen.push(...page.records.map((r) => r.id));
      if (page.next === undefined) break;
      before = page.next;
    }
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => String(generatedRecord(299 - i).id)));
  });

  it.each([
    ['torn last line', `${line(0)}\n${line(1)}\n{"id":"evt_torn","rece`, [genId(1), genId(0)]],
    ['complete JSON without its newline (write in progress)', `${line(0)}\n${line(1)}`, [genId(0)]],
    ['blank and foreign lines', `${line(0)}\n\nnot json\n{"a":1}\n${line(1)}\n`, [genId(1), genId(0)]],
    ['empty file', '', []],
  ])('%s', async (_name, text, ids) => {
    await writeFile(path, text);
    expect((await readPage(path, { limit: 10 })).records.map((r) => r.id)).toEqual(ids);
  });

  it('a missing log is an empty page; findFromEnd finds by predicate', async () => {
    expect(await readPage(path, { limit: 5 })).toEqual({ records: [], tail: 0 });
    await writeFile(path, `${line(0)}\n${line(1)}\n${line(2)}\n`);
    expect((await findFromEnd(path, (r) => r.kind === 'event'))?.id).toBe(genId(1));
  });

  it('mustExist: a missing log is its ENOENT, not an empty page', async () => {
    await expect(readPage(path, { limit: 1, mustExist: true })).rejects.toMatchObject({ code: 'ENOENT' });
    await writeFile(path, `${line(0)}\n`);
    expect((await readPage(path, { limit: 1, mustExist: true })).records.map((r) => r.id)).toEqual([genId(0)]);
  });

  it('follow waits for the newline of a line being written, and stops on abort', async () => {
    await writeFile(path, `${line(0)}\n${line(1).slice(0, 30)}`);
    const { tail } = await readPage(path, { limit: 1 });
    const controller = new AbortController();
    const got: string[] = [];
    const done = (async () => {
      for await (const r of followRecords(path, tail, controller.signal, 10)) {
        got.push(r.id);
        if (got.length === 2) controller.abort();
      }
    })();
    await appendFile(path, `${line(1).slice(30)}\n`);
    // A multi-byte character split across two writes.
    const accent = line(2, { detail: 'café' });
    const cut = Buffer.from(accent).indexOf(0xa9);
    await appendFile(path, Buffer.from(accent).subarray(0, cut));
    await appendFile(path, Buffer.concat([Buffer.from(accent).subarray(cut), Buffer.from('\n')]));
    await done;
    expect(got).toEqual([genId(1), genId(2)]);
  });
});
