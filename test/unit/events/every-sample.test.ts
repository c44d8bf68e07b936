/**
 * Everything downstream of the receiver reads every sample as what it is: the one-line summary (`up`,
 * `events`, the inspector), the list label, `--type` words and the webhook field `--field` filters on.
 */
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src/events/record/record.js';
import { factsOf } from '../../../src/events/facts.js';
import { matchesQuery } from '../../../src/events/query.js';
import { WHATSAPP_FIELDS } from '../../../src/events/fields.js';
import { loadTemplates } from '../../../src/samples/templates-io.js';
import { DEFAULT_VARS, renderTemplate, templateField } from '../../../src/samples/render.js';
import { toMetaJson } from '../../../src/samples/bytes/meta-bytes.js';
import { eventRecord } from '../../helpers/event-log-fixture.js';

const templates = await loadTemplates();
const VARS = {
  ...DEFAULT_VARS,
  wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
  context_wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA',
  media_id: '27251809591111687',
  timestamp: '1749416383',
};
const recordOf = (body: string): EventRecord =>
  eventRecord({ id: 'evt_1', receivedAt: '2026-07-01T12:00:00.000Z', body });

describe('every sample reads as what it is', () => {
  it.each(templates.map((t) => [t.name, t] as const))('%s', (_name, t) => {
    const facts = factsOf(recordOf(toMetaJson(renderTemplate(t, { ...VARS, ...t.defaults }))));
    const field = templateField(t);
    expect(WHATSAPP_FIELDS).toContain(field);
    expect(facts.fields).toEqual([field]);
    expect(facts.summary.length).toBeGreaterThan(0);
    for (const line of facts.summary) {
      expect(line).not.toMatch(/not an object|without messages or statuses| update$| \?( |$)|undefined/);
      expect(line).toMatch(/^[←→] \S/);
    }
    expect(facts.label.length).toBeGreaterThan(0);
    expect(matchesQuery(recordOf(''), facts, { types: [field === 'messages' ? 'event' : field] })).toBe(true);
  });

  it('says what a template status update, a BSUID-only message and a status to a BSUID are', () => {
    const summary = (name: string) => {
      const t = templates.find((x) => x.name === name)!;
      return factsOf(recordOf(toMetaJson(renderTemplate(t, { ...VARS, ...t.defaults })))).summary;
    };
    expect(summary('template-rejected')).toEqual(['← template abandoned_cart (en) REJECTED reason INVALID_FORMAT']);
    expect(summary('text-username')[0]).toBe(
      `← text from ${DEFAULT_VARS.user_id} (Sheena Nelson) "${DEFAULT_VARS.text}"`,
    );
    expect(summary('status-delivered-to-bsuid')[0]).toMatch(/^← status delivered wamid\.\S+ to US\.\d+…$/);
    expect(summary('coex-echo-text')[0]).toMatch(
      /^→ text sent from the Business app to \+16505551234 "Here's the info/,
    );
    expect(summary('marketing-link-click')).toEqual(['← click on cta of a marketing message click_id']);
    expect(summary('account-settings-update')).toEqual([
      `← settings phone ${DEFAULT_VARS.phone_number_id} calling ENABLED`,
    ]);
    expect(summary('call-terminate')[0]).toMatch(/^← call terminate from \+16505551234 COMPLETED 480 s wacid\./);
  });
});
