import { describe, expect, it } from 'vitest';
import { isProblem, probeHeaders, probeOf } from '../../../src/events/probe.js';
import { factsOf } from '../../../src/events/facts.js';
import { verdictOf } from '../../../src/events/verdict.js';
import { isOwnProbe, LOG_RULES } from '../../../src/doctor/rules/log.js';
import type { EventRecord } from '../../../src/events/record.js';

const rec = (probe: string | undefined, over: Partial<EventRecord>): EventRecord => ({
  id: 'evt_1',
  receivedAt: '2026-07-01T12:00:00.000Z',
  kind: 'rejected',
  method: 'POST',
  url: '/webhook',
  headers: probe ? { 'x-wa-hook-probe': probe } : {},
  status: 401,
  signature: 'invalid',
  reason: 'X-Hub-Signature-256 does not match the body',
  ...over,
});

describe('X-Wa-Hook-Probe', () => {
  it('is one header naming the command and the kind', () => {
    expect(probeHeaders('verify', 'wrong-token')).toEqual({ 'x-wa-hook-probe': 'verify/wrong-token' });
  });

  it.each([
    ['doctor/bad-signature', 401, true, 'wa-hook doctor: bad-signature probe refused (401) ✔'],
    ['send-sample/bad-signature', 200, false, 'wa-hook send-sample: bad-signature probe accepted (200) ✖'],
    ['verify/wrong-token', 403, true, 'wa-hook verify: wrong-token probe refused (403) ✔'],
    ['verify/wrong-token', 200, false, 'wa-hook verify: wrong-token probe accepted (200) ✖'],
    ['verify/handshake', 200, true, 'wa-hook verify: handshake answered (200) ✔'],
    ['send-sample/sample', 500, false, 'wa-hook send-sample: sample refused (500) ✖'],
  ])('%s answered %i: as expected = %s', (header, status, expected, line) => {
    const kind = /handshake|token/.test(header) ? 'verification' : status < 300 ? 'event' : 'rejected';
    const record = rec(header, { status, kind });
    expect(probeOf(record)).toMatchObject({ asExpected: expected, line });
    expect(isProblem(record)).toBe(!expected);
    expect(verdictOf(record).ok).toBe(expected);
  });

  it('a refused negative probe is listed as a probe, not as a refusal; unmarked requests are unchanged', () => {
    const facts = factsOf(rec('doctor/bad-signature', {}));
    expect(facts.label).toBe('probe');
    expect(facts.types).toContain('probe');
    expect(facts.summary).toEqual(['← wa-hook doctor: bad-signature probe refused (401) ✔']);
    expect(factsOf(rec(undefined, {})).summary[0]).toMatch(/^← POST refused \(401\)/);
    expect(isProblem(rec(undefined, {}))).toBe(true);
  });

  it('doctor counts none of them as evidence', () => {
    const events = [rec('send-sample/bad-signature', {}), rec('doctor/bad-signature', {})];
    expect(events.every(isOwnProbe)).toBe(true);
    const rule = LOG_RULES.find((r) => r.id === 'log.rejected-signatures')!;
    const facts = { events } as unknown as Parameters<typeof rule.check>[0];
    expect(rule.check(facts).status).toBe('skip');
  });
});
