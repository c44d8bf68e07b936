import { describe, expect, it } from 'vitest';
import {
  isHiddenProbe,
  isProblem,
  PROBE_MAX_AGE_MS,
  probeHeaderValue,
  probeHeaders,
  probeOf,
  useProbeKey,
  verifiedProbe,
} from '../../../src/events/probe.js';
import { factsOf } from '../../../src/events/facts.js';
import { hidesProbe } from '../../../src/events/query.js';
import { verdictOf } from '../../../src/events/verdict.js';
import { isOwnProbe, LOG_RULES } from '../../../src/doctor/rules/log.js';
import type { EventRecord } from '../../../src/events/record/record.js';

const rec = (probe: string | undefined, over: Partial<EventRecord>): EventRecord => ({
  id: 'evt_1',
  receivedAt: '2026-07-01T12:00:00.000Z',
  kind: 'rejected',
  method: 'POST',
  url: '/webhook',
  headers: {},
  ...(probe ? { probe } : {}),
  status: 401,
  signature: 'invalid',
  reason: 'signature-mismatch',
  ...over,
});

const KEY = 'a'.repeat(64);
const NOW = 1_780_000_000_000;

describe('X-Wa-Hook-Probe', () => {
  it('is one header naming the command and the kind, marked with the project key and the time', () => {
    useProbeKey(KEY);
    const value = probeHeaders('verify', 'wrong-token', NOW)['x-wa-hook-probe']!;
    expect(value).toMatch(/^verify\/wrong-token; t=1780000000000; mac=[0-9a-f]{32}$/);
    expect(verifiedProbe(value, KEY, NOW + 1000)).toBe('verify/wrong-token');
    useProbeKey(undefined);
    // Without a key (no `up` ever ran here) nothing is marked: nothing would check it.
    expect(probeHeaders('verify', 'wrong-token')).toEqual({});
  });

  it('cannot be forged: a bare name, another key, another name, or a stale time is not ours', () => {
    const good = probeHeaderValue(KEY, 'doctor', 'bad-signature', NOW);
    expect(verifiedProbe('doctor/bad-signature', KEY, NOW)).toBeUndefined();
    expect(verifiedProbe(good, 'b'.repeat(64), NOW)).toBeUndefined();
    expect(verifiedProbe(good.replace('doctor/bad-signature', 'doctor/sample'), KEY, NOW)).toBeUndefined();
    expect(verifiedProbe(good, KEY, NOW + PROBE_MAX_AGE_MS + 1)).toBeUndefined();
    expect(verifiedProbe(good, undefined, NOW)).toBeUndefined();
  });

  it('in the headers alone does not make a record a probe: only the field the receiver verified does', () => {
    const forged = { ...rec(undefined, {}), headers: { 'x-wa-hook-probe': 'doctor/bad-signature' } };
    expect(probeOf(forged)).toBeUndefined();
    expect(isProblem(forged)).toBe(true);
    expect(isOwnProbe({ ...forged, headers: { 'user-agent': 'wa-hook/1.0' } })).toBe(false);
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

describe('which probes the lists hide (isHiddenProbe, hidesProbe)', () => {
  const marked = (probe: string, over: Partial<EventRecord> = {}) =>
    rec(probe, { kind: 'event', status: 200, signature: 'valid', ...over });

  it("hides verify's, doctor's and the self-test's probes and send-sample's negative tests, not delivered samples", () => {
    expect(isHiddenProbe(marked('verify/handshake', { kind: 'verification' }))).toBe(true);
    expect(isHiddenProbe(marked('up/wrong-token', { kind: 'verification', status: 403 }))).toBe(true);
    expect(isHiddenProbe(marked('doctor/sample'))).toBe(true);
    expect(isHiddenProbe(marked('send-sample/bad-signature', { kind: 'rejected', status: 401 }))).toBe(true);
    expect(isHiddenProbe(marked('send-sample/sample'))).toBe(false);
    expect(isHiddenProbe(marked('inspector/replay'))).toBe(false);
    expect(isHiddenProbe(rec(undefined, { kind: 'event', status: 200 }))).toBe(false);
  });

  it('a query hides them unless it asks for probes, by flag or by --type probe', () => {
    const doctorSample = marked('doctor/sample');
    expect(hidesProbe(doctorSample, {})).toBe(true);
    expect(hidesProbe(doctorSample, { probes: true })).toBe(false);
    expect(hidesProbe(doctorSample, { types: ['probe'] })).toBe(false);
    expect(factsOf(doctorSample).types).toContain('probe');
    expect(factsOf(marked('send-sample/sample')).types).not.toContain('probe');
  });
});
