/**
 * Every code in Meta's error-code table gets its own cause and next step (issue 26, item 6); the generic link is
 * only for codes Meta does not document. The failed status shape is a real one:
 * https://github.com/fbsamples/whatsapp-business-jaspers-market/issues/1 (statuses[].errors[] with
 * {"code":131031,"title":"Business Account locked",...}, "why my business account is locked").
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/doctor/diagnose.js';
import { ERROR_CODES_URL, META_ERROR_CODES } from '../../../src/doctor/rules/error-codes.js';
import { healthyFacts } from '../../helpers/doctor-facts.js';
import type { EventRecord } from '../../../src/events/record/record.js';
import { eventRecord, webhookBody } from '../../helpers/event-log-fixture.js';

function failedStatus(code: number, title: string): EventRecord {
  return eventRecord({
    id: `evt_${code}`,
    receivedAt: '2026-11-25T11:00:00Z',
    headers: { 'user-agent': 'facebookexternalua' },
    body: webhookBody(
      {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '15551536665', phone_number_id: '903815219473037' },
        statuses: [
          {
            id: 'wamid.HBgMMjAxMjIyMzkwMTY1FQIAERgSRUVDRUNBMTI1QzhDMkUyMkMzAA==',
            status: 'failed',
            timestamp: '1763399138',
            recipient_id: '201222390165',
            errors: [{ code, title, message: title, error_data: { details: title } }],
          },
        ],
      },
      { entryId: '102290129340398' },
    ),
  });
}

const failedSends = (events: EventRecord[]) => {
  const facts = healthyFacts();
  facts.events = events;
  return diagnose(facts).find((f) => f.id === 'log.failed-sends')!;
};

describe("Meta's error-code table", () => {
  it('the reported 131031 "Business Account locked": its own cause and next step, no generic link', () => {
    const f = failedSends([failedStatus(131031, 'Business Account locked')]);
    expect(f.status).toBe('warn');
    expect(f.finding).toContain('131031 (the WABA is locked');
    expect(f.fix).toContain('131031: see WhatsApp Manager → Account quality');
    expect(f.fix).not.toContain(ERROR_CODES_URL);
  });

  it.each(Object.entries(META_ERROR_CODES).map(([code, help]) => [Number(code), help] as const))(
    'code %i has its own cause and next step',
    (code, help) => {
      const f = failedSends([failedStatus(code, 'title from Meta')]);
      expect(f.finding).toContain(`${code} (${help.cause})`);
      expect(f.fix).toBe(`${code}: ${help.next}`);
    },
  );

  it('a code Meta does not document: its title, and the link as last resort', () => {
    const f = failedSends([failedStatus(999001, 'Some new error')]);
    expect(f.finding).toContain('999001 (Some new error)');
    expect(f.fix).toBe(`other codes: see ${ERROR_CODES_URL}`);
  });

  it('healthy control: delivered statuses only → no warning', () => {
    expect(failedSends([]).status).toBe('skip');
  });
});
