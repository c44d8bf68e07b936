import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src/events/record/record.js';
import { eventLine } from '../../../src/ui/up/up-view.js';
import { eventRecord } from '../../helpers/event-log-fixture.js';

const base = eventRecord();

/** What `up --json` printed before the field-by-field fast path: the generic serializer of the whole object. */
function generic(record: EventRecord, summary: string[], hint?: string): string {
  const { id, kind, method, status, signature, reason, detail, forward } = record;
  return JSON.stringify({ type: 'event', id, kind, method, status, signature, reason, detail, forward, hint, summary });
}

describe('eventLine', () => {
  it.each([
    ['accepted event', base, ['← text from +16505551234 (Zoë) "say \\"hi\\" / ok"'], undefined],
    [
      'verification',
      { ...base, method: 'GET', kind: 'verification' as const, signature: 'unchecked' as const },
      ['←'],
      undefined,
    ],
    [
      'refused with a reason and hint',
      { ...base, status: 401, kind: 'rejected' as const, reason: 'not-json', detail: 'bad "token"' },
      ['← POST refused'],
      'check the secret',
    ],
    [
      'forwarded',
      { ...base, forward: { target: 'http://127.0.0.1:3000/webhook', status: 200, ms: 1.5 } },
      ['← a', '← b'],
      undefined,
    ],
  ] as Array<[string, EventRecord, string[], string | undefined]>)(
    '%s: same bytes as the whole object serialized',
    (_n, record, summary, hint) => {
      const line = eventLine(record, summary, hint);
      expect(line).toBe(generic(record, summary, hint));
      expect(JSON.parse(line)).toMatchObject({ type: 'event', id: record.id, status: record.status, summary });
    },
  );
});
