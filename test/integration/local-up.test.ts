/** `wa-hook up --local` end to end: the built CLI, its receiver, local WhatsApp, the echo bot, `wa-hook local`. */
import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { runCli } from '../helpers/run-cli.js';
import { useUpProject } from '../helpers/up-project.js';
import { waitFor } from '../helpers/wait-for.js';

const project = useUpProject();

async function graphEvents(dir: string, type: string): Promise<Array<Record<string, any>>> {
  const run = await runCli(['events', '--type', type, '--json', '--limit', '200'], { cwd: dir });
  return run.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, any>);
}

describe('wa-hook up --local', () => {
  it('--echo works with zero configuration: a sample text gets an echo reply through local WhatsApp, then statuses', async () => {
    const up = await project.start(['--local', '--echo', '--graph-port', '0', '--no-inspect']);
    const local = await waitFor(() => up.events().find((e) => e.type === 'local'));
    expect(local).toMatchObject({ graphUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(String(local.accessToken)).toMatch(/…$/); // masked without --show-token
    expect((await runCli(['up', '--help'], { cwd: project.dir })).stdout).toContain("Meta's Node SDK");

    const sent = await runCli(['send-sample', 'text'], { cwd: project.dir });
    expect(sent.exitCode).toBe(0);
    expect(sent.stdout + sent.stderr).toContain('signed with app secret');

    const reply = await waitFor(
      async () =>
        (await graphEvents(project.dir, 'graph')).find(
          (e) => /\/messages$/.test(e.url) && e.status === 200 && e.graph?.response?.messages,
        ),
      { what: 'the echo reply as a graph call' },
    );
    expect(reply.summary[0]).toMatch(/^✔ bot → \+16505551234: text · wamid\./);
    const wamid = reply.graph.response.messages[0].id as string;
    const statuses = await waitFor(
      async () => {
        const list = (await graphEvents(project.dir, 'status')).filter((e) => e.body?.includes(wamid));
        return list.length >= 3 ? list : undefined;
      },
      { what: 'sent, delivered and read in the event log' },
    );
    expect(statuses.map((s) => s.types.find((t: string) => ['sent', 'delivered', 'read'].includes(t)))).toEqual([
      'sent',
      'delivered',
      'read',
    ]);
    expect(statuses.every((s) => s.signature === 'valid')).toBe(true);
    // The live view printed the call in one line.
    await waitFor(() => up.events().some((e) => e.type === 'event' && e.kind === 'graph') || undefined);
  });

  it('keeps the configured ids, moves the clock (131047 after 25 h) and injects faults through `wa-hook local`', async () => {
    const env = [
      'WHATSAPP_APP_SECRET=0123456789abcdef0123456789abcdef',
      'WHATSAPP_ACCESS_TOKEN=EAAGlocaltoken0123456789abcdefghij',
      'WHATSAPP_PHONE_NUMBER_ID=106540352242922',
      'WHATSAPP_BUSINESS_ACCOUNT_ID=102290129340398',
      'WHATSAPP_APP_ID=1234567890123456',
      'WHATSAPP_VERIFY_TOKEN=verify-token-0123456789abcdef',
    ].join('\n');
    const noUp = await runCli(['local', 'clock', '+25h'], { cwd: project.dir });
    expect(noUp.exitCode).toBe(2);
    expect(noUp.stderr).toMatch(/no `wa-hook up --local` is running/);
    await writeFile(join(project.dir, '.env'), `${env}\n`);
    const up = await project.start(['--local', '--graph-port', '0', '--no-inspect']);
    const local = (await waitFor(() => up.events().find((e) => e.type === 'local'))) as Record<string, string>;
    expect(local.phoneNumberId).toBe('106540352242922');
    const send = async () => {
      const res = await request(`${local.graphUrl}/v21.0/106540352242922/messages`, {
        method: 'POST',
        headers: { authorization: 'Bearer EAAGlocaltoken0123456789abcdefghij', 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', to: '16505551234', type: 'text', text: { body: 'hi' } }),
      });
      return { status: res.statusCode, json: (await res.body.json()) as Record<string, any> };
    };
    expect((await runCli(['send-sample', 'text'], { cwd: project.dir })).exitCode).toBe(0);

    const clock = await runCli(['local', 'clock', '+25h'], { cwd: project.dir });
    expect(clock.exitCode).toBe(0);
    expect(clock.stdout).toMatch(/local clock is \+1d1h ahead/);
    const late = await send();
    expect(late.status).toBe(200);
    const lateId = late.json.messages[0].id as string;
    const failed = await waitFor(async () =>
      (await graphEvents(project.dir, 'failed')).find((e) => e.body.includes(lateId)),
    );
    expect(failed.summary.join(' ')).toMatch(/error 131047/);

    const fail = await runCli(['local', 'fail', '130429', '--next', '1'], { cwd: project.dir });
    expect(fail.stdout).toMatch(/fault #1: 130429 on the next 1 send/);
    expect((await runCli(['local', 'fail', '--list'], { cwd: project.dir })).stdout).toMatch(
      /#1 {2}130429 {2}next 1 send/,
    );
    expect((await send()).json.error.code).toBe(130429);
    expect((await runCli(['local', 'fail', '--list'], { cwd: project.dir })).stdout).toMatch(/no fault rules/);
    await runCli(['local', 'fail', '463', '--every', '1'], { cwd: project.dir });
    expect((await send()).status).toBe(401);
    expect((await runCli(['local', 'fail', '--clear'], { cwd: project.dir })).stdout).toMatch(/cleared 1 fault rule/);
    const unknown = await runCli(['local', 'fail', '99999'], { cwd: project.dir });
    expect(unknown.exitCode).toBe(2);

    // Templates: PAUSED in the registry file the running up reads.
    const paused = await runCli(['local', 'templates', 'status', 'hello_world', 'PAUSED'], { cwd: project.dir });
    expect(paused.exitCode).toBe(0);
    const registry = JSON.parse(await readFile(join(project.dir, '.wa-hook', 'templates.json'), 'utf8')) as {
      data: Array<{ name: string; status: string }>;
    };
    expect(registry.data.find((t) => t.name === 'hello_world')?.status).toBe('PAUSED');

    // doctor pointed at local WhatsApp passes its Meta checks.
    const doctor = await runCli(['doctor', '--graph-url', `${local.graphUrl}/v24.0`, '--json'], { cwd: project.dir });
    const findings = JSON.parse(doctor.stdout) as Array<{ id: string; group: string; status: string }>;
    expect(findings.filter((f) => f.group === 'meta' && f.status === 'fail')).toEqual([]);
    expect(findings.find((f) => f.id === 'meta.token')?.status).toBe('ok');
    expect(doctor.exitCode).toBe(0);
  });
});
