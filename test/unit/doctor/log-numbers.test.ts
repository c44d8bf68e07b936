/**
 * Recipient numbers Meta writes in two forms (issue 26, item 5). Reports: https://github.com/chatwoot/chatwoot/issues/11053
 * (Argentina: messages arrive from +549…, replies must go to the number without the 9, else "not in the list of
 * authorized numbers"), https://github.com/kevinrivm/vocero-crm/issues/35 ("Envío con 549…: falla con 131030; el
 * mismo mensaje con 54… (sin el 9): se entrega"), https://github.com/david-lev/pywa/issues/155 (Mexico, +52, 131030).
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/doctor/diagnose.js';
import { otherForm } from '../../../src/doctor/rules/log-numbers.js';
import { healthyFacts, IDS } from '../../helpers/doctor-facts.js';
import type { EventRecord } from '../../../src/events/record/record.js';
import { eventRecord, textBody } from '../../helpers/event-log-fixture.js';

const inbound = (from: string): EventRecord =>
  eventRecord({
    id: `evt_${from}`,
    receivedAt: '2026-11-25T11:00:00Z',
    headers: { 'user-agent': 'facebookexternalua' },
    body: textBody(from, 'hola'),
  });

function finding(from: string[], mode: 'SANDBOX' | 'LIVE') {
  const facts = healthyFacts();
  facts.events = from.map(inbound);
  facts.meta.phoneDetails = { ok: true, data: { id: IDS.phoneNumberId, account_mode: mode } };
  return diagnose(facts).find((f) => f.id === 'log.recipient-forms')!;
}

describe('recipient numbers in two forms', () => {
  it('the forms: Argentina drops the 9, Mexico the 1, Brazil adds the ninth digit', () => {
    expect(otherForm('5491123456789')).toMatchObject({ country: 'Argentina', send: '541123456789' });
    expect(otherForm('5215512345678')).toMatchObject({ country: 'Mexico', send: '525512345678' });
    expect(otherForm('551187654321')).toMatchObject({ country: 'Brazil', send: '5511987654321' });
    expect(otherForm('34612345678')).toBeUndefined();
  });

  it('an Argentine sender on a test number: both forms explained, the one to add named', () => {
    const f = finding(['5491123456789'], 'SANDBOX');
    expect(f.status).toBe('warn');
    expect(f.finding).toContain(
      "Argentina: Meta sends this user's id as 5491123456789, but the allowed list and the send API match 541123456789 (without the 9 after 54); replying to 5491123456789 from a test number fails with 131030",
    );
    expect(f.fix).toContain('send to 541123456789 and add that form in WhatsApp → API Setup → To');
  });

  it('healthy controls: a live number, or senders with one form, stay free of warnings', () => {
    expect(finding(['5491123456789'], 'LIVE').status).toBe('ok');
    expect(finding(['34612345678', '15550783881'], 'SANDBOX').status).toBe('ok');
  });
});
