import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useUpProject } from '../helpers/up-project.js';
import { startUp, type RunningUp } from '../helpers/start-up.js';
import { runCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { post as postWebhook } from '../helpers/webhook.js';
import { parseRecordLine } from '../../src/events/record/line.js';
import type { EventRecord } from '../../src/events/record/record.js';

const SECRET = 'fedcba9876543210fedcba9876543210';
const event = (id: string, text = 'hi') =>
  `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"from":"16505551234","id":"${id}","type":"text","text":{"body":"${text}"}}]}}]}]}`;

const post = (url: string, body: Buffer | string, signed = true) =>
  postWebhook(url, body, signed ? { secret: SECRET } : {});

async function logLines(dir: string, name = 'events.jsonl'): Promise<string[]> {
  return (await readFile(join(dir, '.wa-hook', name), 'utf8')).split('\n').filter((l) => l !== '');
}

describe('wa-hook up: the event log on disk', () => {
  const project = useUpProject();
  let up: RunningUp | undefined;
  const args = ['--app-secret', SECRET, '--verify-token', 'tok_log_1'];

  it('stores only the first 64 KiB of a refused body (and its size), not 6 bytes per control byte', async () => {
    up = await project.start(args);
    const junk = Buffer.alloc(4 * 1024 * 1024 - 1, 1);
    expect(await post(up.url, junk, false)).toBe(401);
    const { size } = await stat(join(project.dir, '.wa-hook', 'events.jsonl'));
    expect(size).toBeLessThan(100 * 1024);
    const [record] = (await logLines(project.dir)).map((l) => parseRecordLine(l)!);
    expect(record).toMatchObject({ kind: 'rejected', status: 401, signature: 'missing', bodySize: junk.length });
    expect(Buffer.from(record!.bodyBase64!, 'base64').length).toBe(64 * 1024);
    const shown = await runCli(['events', 'show', record!.id, '--json'], { cwd: project.dir });
    expect(JSON.parse(shown.stdout)).toMatchObject({ bodySize: junk.length });
    const human = await runCli(['events', 'show', record!.id], { cwd: project.dir });
    expect(human.stdout).toContain(
      `Raw body (base64, first 65536 of ${junk.length} bytes: refused requests are stored cut)`,
    );
  });

  it('a failed write (file size limit) is answered 500 with the cause, and leaves no torn line behind', async () => {
    // 60 KiB of history under a 64 KiB file-size limit: an 8 KB event cannot fit, a small one can.
    const dir = project.dir;
    await mkdir(join(dir, '.wa-hook'));
    const old: EventRecord = {
      id: 'evt_old',
      receivedAt: new Date().toISOString(),
      kind: 'verification',
      method: 'GET',
      url: '/webhook',
      headers: {},
      status: 200,
      signature: 'unchecked',
      detail: 'x'.repeat(900),
    };
    await writeFile(join(dir, '.wa-hook', 'events.jsonl'), `${JSON.stringify(old)}\n`.repeat(60));
    up = await startUp(args, { cwd: dir, fileSizeLimitKb: 64 });
    expect(await post(up.url, event('wamid.BIG', 'y'.repeat(8000)))).toBe(500);
    const failed = await waitFor(() => up!.events().find((e) => e.type === 'event' && e.status === 500));
    expect(failed.reason).toBe('not-recorded');
    expect(String(failed.detail)).toMatch(/^could not write .*: file size limit reached \(EFBIG\)/);
    // Not mislabelled as a payload problem: the summary says it was not recorded, and why.
    expect(failed.summary).toEqual([expect.stringMatching(/^← POST refused \(500\): not recorded: .*\(EFBIG\)$/)]);
    expect(await post(up.url, event('wamid.SMALL'))).toBe(200);
    const lines = await logLines(dir);
    expect(lines).toHaveLength(61);
    expect(parseRecordLine(lines.at(-1)!)?.body).toBe(event('wamid.SMALL'));
    const listed = await runCli(['events', '--json', '--limit', '1'], { cwd: dir });
    expect(listed.stdout).toContain('wamid.SMALL');
  });

  it('rotates by size with a line on the terminal; events, events show and --replay read the rotated files', async () => {
    up = await project.start(args, { WA_HOOK_LOG_MAX_MB: '0.002', WA_HOOK_LOG_KEEP: '5' });
    for (let i = 0; i < 8; i++) expect(await post(up.url, event(`wamid.R${i}`))).toBe(200);
    await waitFor(() => /event log reached 2 KB: moved it to .*events\.1\.jsonl/.test(up!.stderr()) || undefined, {
      what: 'the rotation notice',
    });
    const files = (await readdir(join(project.dir, '.wa-hook'))).filter((f) => f.startsWith('events'));
    expect(files.length).toBeGreaterThan(2);
    const listed = await runCli(['events', '--json'], { cwd: project.dir });
    const records = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; body: string });
    expect(records.map((r) => /wamid\.R\d/.exec(r.body)?.[0])).toEqual(
      Array.from({ length: 8 }, (_, i) => `wamid.R${i}`),
    );
    const oldest = records[0]!.id;
    const shown = await runCli(['events', 'show', oldest], { cwd: project.dir });
    expect(shown.stdout).toContain('wamid.R0');
    const replay = await runCli(['send-sample', '--replay', oldest, '--url', up.url, '--app-secret', SECRET], {
      cwd: project.dir,
    });
    expect(replay.exitCode).toBe(0);
  });
});
