/** doctor's local WhatsApp checks, over records built by the same builders `up --local` writes with. */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/doctor/diagnose.js';
import { LOCAL_RULES } from '../../../src/doctor/rules/local/rules.js';
import { localLogFacts } from '../../../src/doctor/rules/local/facts.js';
import { graphCallRecord } from '../../../src/local-meta/graph/record.js';
import type { EventRecord } from '../../../src/events/record/record.js';
import { eventRecord } from '../../helpers/event-log-fixture.js';
import { healthyFacts } from '../../helpers/doctor-facts.js';

const T0 = Date.parse('2026-11-25T11:00:00Z');
const PATH = '/v24.0/106540352242922/messages';
const text = (to: string) => ({ messaging_product: 'whatsapp', to, type: 'text', text: { body: 'hi' } });

function accepted(to: string, wamid: string, atS: number): EventRecord {
  return graphCallRecord(
    {
      method: 'POST',
      path: PATH,
      status: 200,
      ms: 1,
      request: text(to),
      response: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: wamid }] },
      summary: `✔ bot → +${to}: text · ${wamid}`,
    },
    T0 + atS * 1000,
  ).record;
}

function refused(to: string, atS: number, code = 100): EventRecord {
  const details = 'interactive.action.buttons has 4 buttons, Meta allows 3';
  return graphCallRecord(
    {
      method: 'POST',
      path: PATH,
      status: 400,
      ms: 1,
      request: { messaging_product: 'whatsapp', to, type: 'interactive' },
      response: { error: { message: `(#${code}) x`, type: 'OAuthException', code } },
      summary: `✖ bot → +${to}: (#100) ${details}`,
    },
    T0 + atS * 1000,
  ).record;
}

function failedStatus(to: string, wamid: string, code: number, atS: number): EventRecord {
  const at = new Date(T0 + atS * 1000).toISOString();
  const status = { id: wamid, status: 'failed', timestamp: '1', recipient_id: to, errors: [{ code, title: 'x' }] };
  return eventRecord({
    id: `evt_${(T0 + atS * 1000).toString(36)}000abc`,
    receivedAt: at,
    body: JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { statuses: [status] } }] }],
    }),
  });
}

function findings(records: EventRecord[]) {
  const facts = { ...healthyFacts(), localLog: localLogFacts(records) };
  return Object.fromEntries(diagnose(facts, LOCAL_RULES).map((f) => [f.id, f]));
}

describe('doctor: local WhatsApp rules', () => {
  it('skip without any send to local WhatsApp, pass for accepted sends with no failures', () => {
    const none = diagnose(healthyFacts(), LOCAL_RULES);
    expect(none.map((f) => f.status)).toEqual(['skip', 'skip', 'skip']);
    const fine = findings([accepted('16505551234', 'wamid.A', 0)]);
    expect(Object.values(fine).map((f) => f.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('fails on refused replies, quoting the line that names the JSON path and the limit', () => {
    const f = findings([accepted('16505551234', 'wamid.A', 0), refused('16505551234', 5)]);
    expect(f['local.refused-replies']).toMatchObject({ status: 'fail' });
    expect(f['local.refused-replies']!.finding).toContain('1 of 2 send(s) were refused (#100)');
    expect(f['local.refused-replies']!.finding).toContain('interactive.action.buttons has 4 buttons, Meta allows 3');
  });

  it('leaves out refusals that say nothing about the payload (throughput, token: e.g. injected faults)', () => {
    const f = findings([refused('16505551234', 1, 130429), refused('16505551234', 2, 190)]);
    expect(f['local.refused-replies']).toMatchObject({ status: 'ok' });
  });

  it('names customers reached outside the window (131047)', () => {
    const f = findings([accepted('16505551234', 'wamid.A', 0), failedStatus('16505551234', 'wamid.A', 131047, 1)]);
    expect(f['local.outside-window']).toMatchObject({ status: 'warn' });
    expect(f['local.outside-window']!.finding).toContain('+16505551234');
    expect(f['local.outside-window']!.fix).toMatch(/template/);
    expect(f['local.ignored-failures']).toMatchObject({ status: 'ok' }); // one failure, nothing sent after it
  });

  it('flags a failure the bot answered by failing the same way again, and only that', () => {
    const base = [accepted('16505551234', 'wamid.A', 0), failedStatus('16505551234', 'wamid.A', 131047, 1)];
    const same = findings([
      ...base,
      accepted('16505551234', 'wamid.B', 2),
      failedStatus('16505551234', 'wamid.B', 131047, 3),
    ]);
    expect(same['local.ignored-failures']).toMatchObject({ status: 'warn' });
    expect(same['local.ignored-failures']!.finding).toContain('+16505551234: 131047 then 1 more');
    // The bot changed what it sent (now accepted and not failing), or failed for another reason: not ignoring.
    expect(findings([...base, accepted('16505551234', 'wamid.B', 2)])['local.ignored-failures']!.status).toBe('ok');
    const other = findings([
      ...base,
      accepted('16505551234', 'wamid.B', 2),
      failedStatus('16505551234', 'wamid.B', 131026, 3),
    ]);
    expect(other['local.ignored-failures']!.status).toBe('ok');
    // A send made before the failed status arrived could not have acted on it.
    const raced = findings([
      accepted('16505551234', 'wamid.A', 0),
      accepted('16505551234', 'wamid.B', 1),
      failedStatus('16505551234', 'wamid.A', 131047, 2),
      failedStatus('16505551234', 'wamid.B', 131047, 3),
    ]);
    expect(raced['local.ignored-failures']!.status).toBe('ok');
  });
});
