/**
 * Issue 27 item 4: one request, bounded work. A body of nested `edit`s is refused on arrival (it would
 * overflow every recursive reader); a log holding bad records — planted or from an older version — still
 * lists: each bad one shows as unreadable, in `events` and in the inspector, and the good ones around it stay.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { useUpProject } from '../helpers/up-project.js';
import { runCli } from '../helpers/run-cli.js';
import { apiUrl } from '../helpers/inspector-api.js';
import { eventRecord, textBody } from '../helpers/event-log-fixture.js';

function nestedEdits(depth: number): string {
  return (
    '{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[' +
    '{"type":"edit","edit":{"message":'.repeat(depth) +
    '{"type":"text","text":{"body":"x"}}' +
    '}}'.repeat(depth) +
    ']}}]}]}'
  );
}

describe('bounded work per request', () => {
  const project = useUpProject();

  it('refuses a body nested deeper than 64 levels (400), and `events` still lists it', async () => {
    const up = await project.start(['--no-inspect']);
    const body = nestedEdits(30_000); // about 1 MB
    const res = await request(up.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(await res.body.text()).toBe("body nested deeper than 64 levels (Meta's payloads are about 8 deep)\n");
    await up.stop();
    const list = await runCli(['events'], { cwd: project.dir });
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toContain('body nested deeper than 64 levels');
  });

  it('a log with bad records: each shows as unreadable, the good ones stay, in events and the inspector', async () => {
    const good = eventRecord({ id: 'evt_mabc12001a1b2c1', body: textBody('16505551234', 'still here') });
    const lines = [
      JSON.stringify(good),
      // Written by hand or by an older version: nested edits far beyond any stack, and a broken field.
      JSON.stringify(eventRecord({ id: 'evt_mabc12002a1b2c2', body: nestedEdits(20_000) })),
      JSON.stringify(eventRecord({ id: 'evt_mabc12003a1b2c3', bodyBase64: 42 as unknown as string })),
      JSON.stringify({ id: 'evt_mabc12004a1b2c4', kind: 'event' }),
    ];
    await mkdir(join(project.dir, '.wa-hook'));
    await writeFile(join(project.dir, '.wa-hook', 'events.jsonl'), `${lines.join('\n')}\n`);
    const list = await runCli(['events'], { cwd: project.dir });
    expect(list.stderr).toBe('');
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toContain('"still here"');
    expect(list.stdout).toMatch(/unreadable +← unreadable record: .*evt_mabc12003a1b2c3/);
    const show = await runCli(['events', 'show', 'evt_mabc12002a1b2c2'], { cwd: project.dir });
    expect(show.exitCode).toBe(0);

    const up = await project.start(['--inspect-port', '0']);
    const inspector = String(up.events().find((e) => e.type === 'ready')!.inspectorUrl);
    const page = await request(apiUrl(inspector, '/api/events'));
    expect(page.statusCode).toBe(200);
    const rows = ((await page.body.json()) as { rows: Array<{ id: string; label: string }> }).rows;
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining(['evt_mabc12001a1b2c1', 'evt_mabc12003a1b2c3']));
    expect(rows.find((r) => r.id === 'evt_mabc12003a1b2c3')!.label).toBe('unreadable');
    const detail = await request(apiUrl(inspector, '/api/events/evt_mabc12002a1b2c2'));
    expect(detail.statusCode).toBe(200);
    await detail.body.text();
    await up.stop();
  });
});
