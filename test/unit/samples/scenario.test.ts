import { describe, expect, it } from 'vitest';
import { loadScenarios, loadTemplates } from '../../../src/samples/templates-io.js';
import { parseScenario, planScenario } from '../../../src/samples/scenario.js';
import { applyApiVersion, DEFAULT_VARS, parseApiVersion, renderTemplate } from '../../../src/samples/render.js';
import { createIdFactory } from '../../../src/samples/ids.js';

const templates = await loadTemplates();
const byName = new Map(templates.map((t) => [t.name, t]));
const names = new Set(byName.keys());
const scenarios = await loadScenarios(names);
const plan = (name: string) =>
  planScenario(
    scenarios.find((s) => s.name === name)!,
    byName,
    (t) => ({ ...DEFAULT_VARS, ...t.defaults }),
    createIdFactory(),
    1_750_000_000,
  );

describe('scenarios are data', () => {
  it('ships the delivery scenarios Meta documents, each with a source', () => {
    expect(scenarios.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'reply-lifecycle',
        'duplicate-delivery',
        'out-of-order',
        'failed-send',
        'retry-schedule',
      ]),
    );
    for (const s of scenarios) expect(s.source).toMatch(/\S/);
  });

  it('reply-lifecycle: sent → delivered → read share the reply wamid, distinct from the incoming one', () => {
    const steps = plan('reply-lifecycle');
    expect(steps.map((s) => s.label)).toEqual(['text', 'status-sent', 'status-delivered', 'status-read']);
    const [incoming, ...statuses] = steps.map((s) => s.vars!.wamid);
    expect(new Set(statuses).size).toBe(1);
    expect(statuses[0]).not.toBe(incoming);
    // Meta's layout: the reply is outbound (…AgAR…), the user's message inbound (…AgAS…).
    expect(statuses[0]).toMatch(/^wamid\.HBg\w+AgAR/);
    expect(incoming).toMatch(/^wamid\.HBg\w+AgAS/);
  });

  it('out-of-order: read arrives before delivered but keeps the later timestamp', () => {
    const steps = plan('out-of-order');
    const at = (label: string) => Number(steps.find((s) => s.label === label)!.vars!.timestamp);
    expect(steps.map((s) => s.label).indexOf('status-read')).toBeLessThan(
      steps.map((s) => s.label).indexOf('status-delivered'),
    );
    expect(at('status-delivered')).toBeLessThan(at('status-read'));
  });

  it('retry-schedule re-sends step 1 and names the interval Meta would use', () => {
    const steps = plan('retry-schedule');
    expect(steps.slice(1).every((s) => s.step.resend === 1 && s.step.metaAfter)).toBe(true);
    expect(steps[1]!.step.metaAfter).toBe('immediately');
  });

  it.each([
    [{ _meta: { version: 1, description: 'd' }, steps: [] }, /non-empty "steps"/],
    [{ _meta: { version: 1, description: 'd' }, steps: [{ sample: 'nope' }] }, /unknown sample "nope"/],
    [{ _meta: { version: 1, description: 'd' }, steps: [{ resend: 1 }] }, /earlier step/],
    [{ _meta: { version: 1, description: 'd' }, steps: [{ sample: 'text', resend: 1 }] }, /exactly one of/],
    [{ _meta: { version: 1, description: 'd' }, steps: [{ sample: 'text', after_ms: -1 }] }, /after_ms/],
    [{ steps: [{ sample: 'text' }] }, /_meta/],
  ])('rejects a broken scenario file (%#)', (raw, message) => {
    expect(() => parseScenario('x', raw, names)).toThrow(message);
  });
});

describe('--api-version', () => {
  it.each([
    ['v23.0', 23],
    ['24.0', 24],
    ['v25', 25],
    ['latest', undefined],
  ])('parseApiVersion(%s)', (text, version) => expect(parseApiVersion(text)).toBe(version));

  it('statuses carry the conversation object before v24 (before pricing), not from v24 on', () => {
    const sent = byName.get('status-sent')!;
    const vars = { ...DEFAULT_VARS, wamid: 'w', timestamp: '1750000000', timestamp_plus_1d: '1750086400' };
    const status = (v: number) =>
      (renderTemplate(applyApiVersion(sent, v), vars) as any).entry[0].changes[0].value.statuses[0];
    expect(status(24).conversation).toBeUndefined();
    expect(Object.keys(status(23))).toEqual([
      'id',
      'status',
      'timestamp',
      'recipient_id',
      'recipient_user_id',
      'biz_opaque_callback_data',
      'conversation',
      'pricing',
    ]);
    expect(status(23).conversation).toEqual({
      id: '72b14d6bd5407799e66f64d1b338e567',
      expiration_timestamp: '1750086400',
      origin: { type: 'utility' },
    });
    expect(applyApiVersion(sent, 25)).toBe(sent);
  });
});
