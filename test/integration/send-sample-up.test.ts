import { describe, expect, it } from 'vitest';
import { useUpProject } from '../helpers/up-project.js';
import type { RunningUp } from '../helpers/start-up.js';
import { runCli } from '../helpers/run-cli.js';
import { readLog, sign } from '../helpers/webhook.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const TOKEN = 'tok_send_sample_0123456789';

describe('send-sample against the bundled receiver (wa-hook up --tunnel none)', () => {
  const project = useUpProject();
  let up: RunningUp | undefined;

  it('every sample is accepted and recorded byte-exact; --replay last resends the same bytes', async () => {
    up = await project.start(['--verify-token', TOKEN, '--app-secret', SECRET]);
    // No --url: the running `up` is found through .wa-hook/state.json.
    const run = await runCli(['send-sample', '--all', '--app-secret', SECRET, '--json'], { cwd: project.dir });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout) as {
      url: string;
      results: Array<{ name: string; status: number; bytes: number; wamid?: string }>;
    };
    expect(report.url).toBe(up.url);
    const list = JSON.parse((await runCli(['send-sample', '--list', '--json'], { cwd: project.dir })).stdout) as Array<{
      name: string;
      field: string;
    }>;
    expect(report.results.map((r) => [r.name, r.status])).toEqual(list.map((s) => [s.name, 200]));

    const records = await readLog(project.dir);
    expect(records).toHaveLength(list.length);
    for (const [i, record] of records.entries()) {
      expect(record).toMatchObject({ kind: 'event', method: 'POST', status: 200, signature: 'valid' });
      const body = Buffer.from(record.body, 'utf8');
      // Byte-exact: the signature computed over the sent bytes matches the recorded bytes, same length.
      expect(record.headers['x-hub-signature-256']).toBe(sign(body, SECRET));
      expect(body.length).toBe(report.results[i]!.bytes);
      expect(record.headers['user-agent']).toBe('facebookexternalua');
      if (report.results[i]!.wamid)
        expect(record.body).toContain(`"id":"${report.results[i]!.wamid.replace(/\//g, '\\/')}"`);
    }

    const replay = await runCli(['send-sample', '--replay', 'last', '--app-secret', SECRET], { cwd: project.dir });
    expect(replay.exitCode).toBe(0);
    expect(replay.stderr).toContain(`Sending to ${up.url} (the running wa-hook up)`);
    expect(replay.stdout).toMatch(new RegExp(`^→ replay ${records.at(-1)!.id} 200 OK`, 'm'));
    const after = await readLog(project.dir);
    expect(after).toHaveLength(records.length + 1);
    expect(after.at(-1)).toMatchObject({ kind: 'event', signature: 'valid', status: 200 });
    expect(after.at(-1)!.body).toBe(records.at(-1)!.body);
    expect(after.at(-1)!.id).not.toBe(records.at(-1)!.id);

    // Downstream of the receiver every field reads as what it is: the live view, `events --field`.
    const live = up
      .events()
      .filter((e) => e.type === 'event')
      .flatMap((e) => e.summary as string[]);
    expect(live).toContain('← template abandoned_cart (en) REJECTED reason INVALID_FORMAT · wa-hook send-sample');
    expect(live.filter((l) => /not an object|payload without messages or statuses| update$/.test(l))).toEqual([]);
    const templates = await runCli(['events', '--field', 'message_template_status_update'], { cwd: project.dir });
    expect(templates.exitCode).toBe(0);
    const rows = templates.stdout.split('\n').filter((l) => l.trim() !== '');
    expect(rows).toHaveLength(list.filter((s) => s.field === 'message_template_status_update').length);
    expect(templates.stdout).toMatch(
      / {2}template +← template order_confirmation \(en_US\) APPROVED · wa-hook send-sample {2}evt_/,
    );
    const typo = await runCli(['events', '--field', 'message_template_status'], { cwd: project.dir });
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('did you mean "message_template_status_update"');

    expect(await up.stop('SIGTERM')).toBe(0);
  });

  it('a wrong app secret is refused by the bundled receiver with the mismatch hint', async () => {
    up = await project.start(['--verify-token', TOKEN, '--app-secret', SECRET]);
    const run = await runCli(
      ['send-sample', 'text', '--text', 'Привет 👋 https://example.com/a', '--app-secret', 'not-the-secret'],
      { cwd: project.dir },
    );
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^→ text 401 Unauthorized/m);
    expect(run.stderr).toMatch(/app secret mismatch/);
    const [record] = await readLog(project.dir);
    expect(record).toMatchObject({ kind: 'rejected', status: 401 });
    expect(record!.body).toContain(
      '\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442 \\ud83d\\udc4b https:\\/\\/example.com\\/a',
    );
  });
});
