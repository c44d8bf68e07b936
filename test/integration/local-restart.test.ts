/**
 * A restarted `wa-hook up --local` (the built CLI) remembers what it should: the 24-hour windows of customers
 * whose messages the event log recorded before it started, and the templates created through the Graph API
 * with their status changes (`.wa-hook/templates.json`).
 */
import { describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { runCli } from '../helpers/run-cli.js';
import { useUpProject } from '../helpers/up-project.js';
import { waitFor } from '../helpers/wait-for.js';
import { eventRecord, textBody } from '../helpers/event-log-fixture.js';

const project = useUpProject();
const TOKEN = 'EAAGlocaltoken0123456789abcdefghij';
const PNID = '106540352242922';
const WABA = '102290129340398';
const ENV = [
  'WHATSAPP_APP_SECRET=0123456789abcdef0123456789abcdef',
  `WHATSAPP_ACCESS_TOKEN=${TOKEN}`,
  `WHATSAPP_PHONE_NUMBER_ID=${PNID}`,
  `WHATSAPP_BUSINESS_ACCOUNT_ID=${WABA}`,
  'WHATSAPP_VERIFY_TOKEN=verify-token-0123456789abcdef',
  '',
].join('\n');

/** A text from `from` as the receiver recorded it `agoMs` before now (the writer's id shape: time in base36). */
function loggedText(from: string, agoMs: number, n: number): string {
  const at = Date.now() - agoMs;
  return JSON.stringify(
    eventRecord({
      id: `evt_${at.toString(36)}000a${n}b`,
      receivedAt: new Date(at).toISOString(),
      body: textBody(from, 'where is my order?', `wamid.logged${n}`),
    }),
  );
}

async function graph(graphUrl: string, method: string, path: string, body?: unknown) {
  const res = await request(`${graphUrl}/v23.0/${path}`, {
    method: method as 'GET' | 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, any> };
}

async function statusEvents(dir: string, wamid: string): Promise<Array<Record<string, any>>> {
  const run = await runCli(['events', '--type', 'status', '--json', '--limit', '200'], { cwd: dir });
  return run.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, any>)
    .filter((e) => String(e.body).includes(wamid));
}

async function startLocal(): Promise<string> {
  const up = await project.start(['--local', '--graph-port', '0', '--no-inspect']);
  const local = await waitFor(() => up.events().find((e) => e.type === 'local'));
  return String(local.graphUrl);
}

describe('a restarted up --local', () => {
  it('reopens the windows of customers the event log saw write in the last 24 h, and only those', async () => {
    await writeFile(join(project.dir, '.env'), ENV);
    await mkdir(join(project.dir, '.wa-hook'), { recursive: true });
    await writeFile(
      join(project.dir, '.wa-hook', 'events.jsonl'),
      `${[loggedText('4915112345678', 25 * 3_600_000, 1), loggedText('16505551234', 5 * 60_000, 2)].join('\n')}\n`,
    );
    const graphUrl = await startLocal();
    const reply = (to: string) =>
      graph(graphUrl, 'POST', `${PNID}/messages`, {
        messaging_product: 'whatsapp',
        to,
        type: 'text',
        text: { body: 'Your order ships today.' },
      });

    const recent = await reply('16505551234');
    expect(recent.status).toBe(200);
    const recentId = recent.json.messages[0].id as string;
    const old = await reply('4915112345678');
    expect(old.status).toBe(200); // delivery-time errors never show in the answer
    const oldId = old.json.messages[0].id as string;

    const delivered = await waitFor(
      async () => (await statusEvents(project.dir, recentId)).find((e) => e.types.includes('delivered')),
      { what: 'a delivered status for the reply to the customer who wrote 5 minutes ago' },
    );
    expect(delivered.body).not.toContain('131047');
    expect((await statusEvents(project.dir, recentId)).some((e) => e.types.includes('failed'))).toBe(false);

    const failed = await waitFor(
      async () => (await statusEvents(project.dir, oldId)).find((e) => e.types.includes('failed')),
      { what: 'a failed status for the reply to the customer who wrote 25 h ago' },
    );
    expect(failed.summary.join(' ')).toMatch(/131047/);
    expect((await statusEvents(project.dir, oldId)).some((e) => e.types.includes('delivered'))).toBe(false);
  });

  it('keeps templates created through the Graph API and their status changes across a restart', async () => {
    await writeFile(join(project.dir, '.env'), ENV);
    const first = await project.start(['--local', '--graph-port', '0', '--no-inspect']);
    const graphUrl = String((await waitFor(() => first.events().find((e) => e.type === 'local'))).graphUrl);
    const template = {
      name: 'order_ready',
      language: 'en_US',
      category: 'UTILITY',
      components: [
        { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is ready.', example: { body_text: [['Ann', '42']] } },
      ],
    };
    const created = await graph(graphUrl, 'POST', `${WABA}/message_templates`, template);
    expect(created.status).toBe(200);
    expect(created.json).toEqual({ id: expect.stringMatching(/^\d{16}$/), status: 'APPROVED', category: 'UTILITY' });
    const again = await graph(graphUrl, 'POST', `${WABA}/message_templates`, template);
    expect(again.status).toBe(400);
    expect(again.json.error).toMatchObject({ code: 100, error_subcode: 2388024 });
    const badName = await graph(graphUrl, 'POST', `${WABA}/message_templates`, { ...template, name: 'Order Ready' });
    expect(badName.json.error.error_data.details).toMatch(/lowercase letters, digits and underscores/);

    // On disk as soon as it was answered; then paused through the running up.
    const onDisk = JSON.parse(await readFile(join(project.dir, '.wa-hook', 'templates.json'), 'utf8')) as {
      data: Array<{ name: string; status: string; id: string }>;
    };
    expect(onDisk.data.find((t) => t.name === 'order_ready')?.id).toBe(created.json.id);
    const paused = await runCli(['local', 'templates', 'status', 'order_ready', 'PAUSED'], { cwd: project.dir });
    expect(paused.exitCode).toBe(0);
    await first.stop('SIGINT');

    const graphUrl2 = await startLocal();
    const listed = await graph(graphUrl2, 'GET', `${WABA}/message_templates?name=order_ready`);
    expect(listed.json.data).toEqual([
      expect.objectContaining({ id: created.json.id, name: 'order_ready', status: 'PAUSED', category: 'UTILITY' }),
    ]);
    const send = await graph(graphUrl2, 'POST', `${PNID}/messages`, {
      messaging_product: 'whatsapp',
      to: '16505551234',
      type: 'template',
      template: {
        name: 'order_ready',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ann' },
              { type: 'text', text: '42' },
            ],
          },
        ],
      },
    });
    expect(send.json.error?.code).toBe(132015); // paused template
  });
});
