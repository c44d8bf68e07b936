/**
 * `doctor` reads what a real `wa-hook up --local` session recorded (the built CLI): a reply Meta's rules refuse,
 * free-form replies after the window closed (131047), and a bot that sent again after the failed status.
 */
import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { runCli } from '../helpers/run-cli.js';
import { useUpProject } from '../helpers/up-project.js';
import { waitFor } from '../helpers/wait-for.js';

const project = useUpProject();
const TOKEN = 'EAAGlocaltoken0123456789abcdefghij';
const PNID = '106540352242922';
const CUSTOMER = '16505551234';

async function failedFor(dir: string, wamid: string): Promise<boolean> {
  const run = await runCli(['events', '--type', 'failed', '--json', '--limit', '200'], { cwd: dir });
  return run.stdout.includes(wamid);
}

describe('doctor after an up --local session', () => {
  it('names refused replies, sends outside the window and the failed status the bot ignored; exits 1', async () => {
    await writeFile(
      join(project.dir, '.env'),
      [
        'WHATSAPP_APP_SECRET=0123456789abcdef0123456789abcdef',
        `WHATSAPP_ACCESS_TOKEN=${TOKEN}`,
        `WHATSAPP_PHONE_NUMBER_ID=${PNID}`,
        'WHATSAPP_BUSINESS_ACCOUNT_ID=102290129340398',
        'WHATSAPP_APP_ID=1234567890123456',
        'WHATSAPP_VERIFY_TOKEN=verify-token-0123456789abcdef',
        '',
      ].join('\n'),
    );
    const up = await project.start(['--local', '--graph-port', '0', '--no-inspect']);
    const graphUrl = String((await waitFor(() => up.events().find((e) => e.type === 'local'))).graphUrl);
    const send = async (body: Record<string, unknown>) => {
      const res = await request(`${graphUrl}/v24.0/${PNID}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', to: CUSTOMER, ...body }),
      });
      return { status: res.statusCode, json: (await res.body.json()) as Record<string, any> };
    };
    expect((await runCli(['send-sample', 'text'], { cwd: project.dir })).exitCode).toBe(0); // the customer writes

    const buttons = [1, 2, 3, 4].map((n) => ({ type: 'reply', reply: { id: `b${n}`, title: `Option ${n}` } }));
    const refused = await send({
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Pick one' }, action: { buttons } },
    });
    expect(refused.status).toBe(400);

    expect((await runCli(['local', 'clock', '+25h'], { cwd: project.dir })).exitCode).toBe(0);
    const late = await send({ type: 'text', text: { body: 'Still there?' } });
    const lateId = late.json.messages[0].id as string;
    await waitFor(() => failedFor(project.dir, lateId).then((f) => f || undefined), { what: 'the 131047 status' });
    // The bot ignores the failed status and sends the same kind of message again.
    const again = await send({ type: 'text', text: { body: 'Hello??' } });
    const againId = again.json.messages[0].id as string;
    await waitFor(() => failedFor(project.dir, againId).then((f) => f || undefined), { what: 'the second 131047' });

    const doctor = await runCli(['doctor', '--graph-url', `${graphUrl}/v24.0`], { cwd: project.dir });
    const out = doctor.stdout + doctor.stderr;
    expect(out).toMatch(
      /1 of 3 send\(s\) were refused \(#100\): bot → \+16505551234: \(#100\) interactive\.action\.buttons/,
    );
    expect(out).toContain('change the payload as each line says');
    expect(out).toMatch(/2 send\(s\) failed with 131047 .*\+16505551234/);
    expect(out).toMatch(/send an approved template/);
    expect(out).toContain('+16505551234: 131047 then 1 more');
    expect(out).toMatch(/handle `statuses\[\]\.status == "failed"`/);
    expect(doctor.exitCode).toBe(1);
    const json = JSON.parse(
      (await runCli(['doctor', '--graph-url', `${graphUrl}/v24.0`, '--json'], { cwd: project.dir })).stdout,
    ) as Array<{ id: string; status: string }>;
    // Nothing else fails: the exit code is the refused reply's.
    expect(json.filter((f) => f.status === 'fail').map((f) => f.id)).toEqual(['local.refused-replies']);
  });
});
