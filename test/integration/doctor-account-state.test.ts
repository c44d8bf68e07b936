/**
 * The account's own state, read from webhooks Meta sent and `up` recorded (issue 26, item 11). Reports: bots that
 * drop every non-`messages` field leave their operators blind when "their messaging limit drops, a template is
 * paused/disabled" — https://github.com/NousResearch/hermes-agent/issues/80068 — and an integration that had to
 * add ACCOUNT_RESTRICTION / ACCOUNT_VIOLATION / DISABLED_UPDATE and FLAGGED quality handling after the fact:
 * https://github.com/sarrazola/openlivery/pull/116. The fakes are the bundled samples (templates/, Meta's
 * reference payloads) as the receiver records them; the restriction is Meta's documented ACCOUNT_RESTRICTION shape.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort, doctorJson, goodEnv, makeProject } from '../helpers/doctor-project.js';
import { eventRecord } from '../helpers/event-log-fixture.js';
import type { Finding } from '../../src/doctor/diagnose.js';
import { useCleanups } from '../helpers/cleanups.js';

const WABA = '102290129340398';
// A test may make several projects: each one is removed after it.
const defer = useCleanups();

/** A bundled sample with its placeholders filled, as Meta would send it. */
async function sample(name: string, patch?: (value: Record<string, unknown>) => void): Promise<string> {
  const raw = await readFile(new URL(`../../templates/${name}.json`, import.meta.url), 'utf8');
  const body = JSON.parse(
    raw
      .replace(/"\{\{#timestamp\}\}"/g, String(Math.floor(Date.now() / 1000)))
      .replaceAll('{{waba_id}}', WABA)
      .replaceAll('{{display_phone_number}}', '15550783881'),
  ) as { _meta?: unknown; entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }> };
  delete body._meta;
  patch?.(body.entry[0]!.changes[0]!.value);
  return JSON.stringify(body);
}

function accountUpdate(value: Record<string, unknown>): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: WABA, time: Math.floor(Date.now() / 1000), changes: [{ value, field: 'account_update' }] }],
  });
}

async function doctorWithLog(bodies: string[]): Promise<{ byId: (id: string) => Finding; findings: Finding[] }> {
  const project = await makeProject(goodEnv({ WHATSAPP_ACCESS_TOKEN: undefined }));
  defer(project.cleanup);
  await mkdir(join(project.dir, '.wa-hook'), { recursive: true });
  const now = Date.now();
  const lines = bodies.map((body, i) =>
    JSON.stringify(
      eventRecord({ id: `evt_acct${i}`, receivedAt: new Date(now - (bodies.length - i) * 1000).toISOString(), body }),
    ),
  );
  await writeFile(join(project.dir, '.wa-hook', 'events.jsonl'), `${lines.join('\n')}\n`);
  const { byId, findings } = await doctorJson(project.dir, ['--offline'], { PORT: String(await closedPort()) });
  return { byId, findings };
}

const ACCOUNT_IDS = ['log.account-update', 'log.account-alerts', 'log.number-quality', 'log.template-status'];

describe('doctor reads the account state Meta reported', () => {
  it('healthy control: reinstated account, informational alert, throughput upgrade, approved template — no warning', async () => {
    const { findings } = await doctorWithLog([
      await sample('account/disabled'), // REINSTATE in the bundled sample
      await sample('account/alert', (v) => {
        (v.alert_info as Record<string, unknown>).alert_severity = 'INFORMATIONAL';
      }),
      await sample('phone/quality-upgrade'),
      await sample('message-templates/approved'),
    ]);
    const account = findings.filter((f) => ACCOUNT_IDS.includes(f.id));
    expect(account.map((f) => [f.id, f.status])).toEqual(ACCOUNT_IDS.map((id) => [id, 'ok']));
  });

  it('a disabled account (DISABLED_UPDATE, DISABLE) fails with the ban date and the appeal path', async () => {
    const { byId } = await doctorWithLog([
      await sample('account/disabled', (v) => {
        (v.ban_info as Record<string, unknown>).waba_ban_state = 'DISABLE';
      }),
    ]);
    const f = byId('log.account-update');
    expect(f.status).toBe('fail');
    expect(f.finding).toContain(`Meta disabled WhatsApp Business Account ${WABA} on April 17, 2025`);
    expect(f.fix).toContain('https://business.facebook.com/business-support-home');
    expect(f.fix).toContain('Request Review');
  });

  it('a later REINSTATE supersedes the DISABLE before it', async () => {
    const disabled = await sample('account/disabled', (v) => {
      (v.ban_info as Record<string, unknown>).waba_ban_state = 'DISABLE';
    });
    const { byId } = await doctorWithLog([disabled, await sample('account/disabled')]);
    expect(byId('log.account-update')).toMatchObject({ status: 'ok' });
    expect(byId('log.account-update').finding).toMatch(/reinstated/);
  });

  it('an active restriction names what it blocks and until when; a violation warns with its type', async () => {
    const expiration = Math.floor(Date.now() / 1000) + 3 * 86400;
    const { byId } = await doctorWithLog([
      accountUpdate({
        event: 'ACCOUNT_RESTRICTION',
        restriction_info: [{ restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING', expiration }],
      }),
    ]);
    const f = byId('log.account-update');
    expect(f.status).toBe('fail');
    expect(f.finding).toContain(
      'no business-initiated messages (templates) [RESTRICTED_BIZ_INITIATED_MESSAGING] until',
    );
    expect(f.finding).toContain(new Date(expiration * 1000).toISOString().slice(0, 10));

    const violation = await doctorWithLog([await sample('account/violation')]);
    expect(violation.byId('log.account-update')).toMatchObject({ status: 'warn' });
    expect(violation.byId('log.account-update').finding).toContain('violated a WhatsApp policy (ADULT)');
  });

  it('an active WARNING alert is quoted in Meta’s words with the action Meta suggests', async () => {
    const { byId } = await doctorWithLog([await sample('account/alert')]);
    const f = byId('log.account-alerts');
    expect(f.status).toBe('warn');
    expect(f.finding).toContain('INCREASED_CAPABILITIES_ELIGIBILITY_DEFERRED');
    expect(f.finding).toContain('"Limits cannot be increased for your business Lucky Shrub.');
    expect(f.fix).toContain('verify your business');
  });

  it('a FLAGGED number warns with the quality fix; a paused and a disabled template are named with their send errors', async () => {
    const { byId } = await doctorWithLog([
      await sample('phone/quality-upgrade', (v) => {
        v.event = 'FLAGGED';
        v.current_limit = 'TIER_2K';
      }),
      await sample('message-templates/paused'),
      await sample('message-templates/disabled', (v) => {
        v.message_template_id = 111;
        v.message_template_name = 'order_update';
      }),
    ]);
    expect(byId('log.number-quality')).toMatchObject({ status: 'warn' });
    expect(byId('log.number-quality').finding).toContain('Meta flagged 15550783881 for low quality');
    const t = byId('log.template-status');
    expect(t.status).toBe('fail');
    expect(t.finding).toContain('Meta disabled template "order_update" (en_US)');
    expect(t.finding).toContain('132016');
    expect(t.finding).toContain('+1 more template problem(s)');

    // A send with the paused template that failed (132015) is that pause's consequence, not a second problem.
    const failedSend = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: WABA,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
                statuses: [
                  {
                    id: 'wamid.x',
                    status: 'failed',
                    timestamp: '1',
                    recipient_id: '16505551234',
                    errors: [{ code: 132015, title: 'Template is Paused' }],
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const paused = await doctorWithLog([await sample('message-templates/paused'), failedSend]);
    expect(paused.byId('log.failed-sends')).toMatchObject({ status: 'warn', causedBy: 'log.template-status' });
    const p = paused.byId('log.template-status');
    expect(p.status).toBe('warn');
    expect(p.finding).toContain('Meta paused template "welcome_template" (en_US) [FIRST_PAUSE]');
    expect(p.finding).toContain('"Your WhatsApp message template has been paused for 3 hours');
    expect(p.finding).toContain('132015');
  });
});
