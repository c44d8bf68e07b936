/**
 * Scenarios: traffic as Meta delivers it, as data (templates/scenarios/<name>.json). A scenario is a list of
 * steps; each step sends one sample (or re-sends the exact bytes of an earlier step, as Meta's at-least-once
 * delivery and retries do) after a compressed delay, optionally naming the real interval Meta would use.
 * Steps that share a `wamid` label share one message id (a reply and its sent/delivered/read statuses).
 * Pure: parsing and planning; the command does the sending and the waiting.
 */
import { isOutboundTemplate, renderTemplate, type Template } from './render.js';
import { toMetaBytes } from './bytes/meta-bytes.js';
import type { IdFactory } from './ids.js';
import { isRecord } from '../json-narrow.js';

export interface ScenarioStep {
  /** The sample to send (a template name); absent when `resend` is set. */
  sample?: string;
  /** 1-based number of an earlier step whose exact bytes (and signature) are sent again. */
  resend?: number;
  /** Steps with the same label carry the same wamid. */
  wamid?: string;
  /** Compressed delay before this step, in milliseconds. */
  afterMs: number;
  /** The interval Meta would really wait, for display (e.g. "immediately", "up to 7 days after the first try"). */
  metaAfter?: string;
  /** The event's own time, relative to the scenario start, in seconds (out-of-order arrival keeps true times). */
  timestampOffsetS?: number;
  /** Template values for this step only (e.g. a text). */
  vars: Record<string, string>;
  /** What this step shows, in one line. */
  note?: string;
}

export interface Scenario {
  name: string;
  description: string;
  source?: string;
  steps: ScenarioStep[];
}

function optionalString(step: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = step[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new Error(`${where}: "${key}" must be a non-empty string`);
  return value;
}

function optionalNumber(step: Record<string, unknown>, key: string, where: string, min: number): number | undefined {
  const value = step[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    throw new Error(`${where}: "${key}" must be a number ≥ ${min}`);
  return value;
}

/** Validates a parsed scenario file against the known sample names. Throws an Error naming what is wrong. */
export function parseScenario(name: string, raw: unknown, sampleNames: ReadonlySet<string>): Scenario {
  if (!isRecord(raw)) throw new Error(`scenario ${name}: not a JSON object`);
  const meta = raw._meta;
  if (!isRecord(meta) || meta.version !== 1 || typeof meta.description !== 'string' || meta.description === '')
    throw new Error(`scenario ${name}: needs "_meta": {"version": 1, "description": "…"}`);
  if (!Array.isArray(raw.steps) || raw.steps.length === 0)
    throw new Error(`scenario ${name}: needs a non-empty "steps" array`);
  const steps = raw.steps.map((step: unknown, i): ScenarioStep => {
    const where = `scenario ${name} step ${i + 1}`;
    if (!isRecord(step)) throw new Error(`${where}: not an object`);
    const sample = optionalString(step, 'sample', where);
    const resend = optionalNumber(step, 'resend', where, 1);
    if ((sample === undefined) === (resend === undefined))
      throw new Error(`${where}: needs exactly one of "sample" or "resend"`);
    if (sample !== undefined && !sampleNames.has(sample)) throw new Error(`${where}: unknown sample "${sample}"`);
    if (resend !== undefined && (!Number.isInteger(resend) || resend > i))
      throw new Error(`${where}: "resend" must name an earlier step (1…${i})`);
    const vars: Record<string, string> = {};
    if (step.vars !== undefined) {
      if (!isRecord(step.vars)) throw new Error(`${where}: "vars" must be an object of strings`);
      for (const [k, v] of Object.entries(step.vars)) {
        if (typeof v !== 'string') throw new Error(`${where}: vars.${k} must be a string`);
        vars[k] = v;
      }
    }
    return {
      sample,
      resend,
      wamid: optionalString(step, 'wamid', where),
      afterMs: optionalNumber(step, 'after_ms', where, 0) ?? 0,
      metaAfter: optionalString(step, 'meta_after', where),
      timestampOffsetS: optionalNumber(step, 'timestamp_offset_s', where, -86_400),
      vars,
      note: optionalString(step, 'note', where),
    };
  });
  const source = typeof meta.source === 'string' ? { source: meta.source } : {};
  return { name, description: meta.description, ...source, steps };
}

export interface PlannedStep {
  step: ScenarioStep;
  /** 1-based. */
  index: number;
  /** The sample's name, or `resend of step N`. */
  label: string;
  /** The vars for a sample step (undefined for a resend). */
  vars?: Record<string, string>;
  template?: Template;
}

/**
 * Fixes the ids and times of every step up front: steps sharing a wamid label get the same id (outbound when
 * the first sample using it is a status or an echo), timestamps are the start time plus each step's offset.
 */
export function planScenario(
  scenario: Scenario,
  templates: ReadonlyMap<string, Template>,
  baseVars: (t: Template) => Record<string, string>,
  ids: IdFactory,
  startSeconds: number,
): PlannedStep[] {
  const labelled = new Map<string, string>();
  return scenario.steps.map((step, i) => {
    if (step.resend !== undefined) return { step, index: i + 1, label: `resend of step ${step.resend}` };
    const template = step.sample === undefined ? undefined : templates.get(step.sample);
    if (!template) throw new Error(`step ${i + 1}: no sample named ${String(step.sample)}`);
    const vars = { ...baseVars(template), ...step.vars };
    const outbound = isOutboundTemplate(template);
    let wamid = step.wamid ? labelled.get(step.wamid) : undefined;
    wamid ??= ids.wamid({ peer: vars.from, outbound });
    if (step.wamid) labelled.set(step.wamid, wamid);
    const timestamp = startSeconds + Math.round(step.timestampOffsetS ?? 0);
    Object.assign(vars, {
      wamid,
      context_wamid: ids.wamid({ peer: vars.from, outbound: true }),
      media_id: ids.mediaId(),
      timestamp: String(timestamp),
      timestamp_plus_1d: String(timestamp + 86_400),
    });
    return { step, index: i + 1, label: template.name, vars, template };
  });
}

/** One step of a planned scenario, ready to send: its delay and bytes, or the step whose bytes it repeats. */
export interface ScenarioDelivery {
  planned: PlannedStep;
  body: Buffer;
  /** 0-based index of the earlier delivery this one repeats byte for byte (same signature). */
  repeats?: number;
}

function renderedStep(p: PlannedStep): Buffer {
  if (!p.template || !p.vars) throw new Error(`step ${p.index}: planned without its sample`);
  return toMetaBytes(renderTemplate(p.template, p.vars));
}

/** The wire bytes of every planned step; a resend shares the bytes of the step it repeats. */
export function scenarioDeliveries(planned: PlannedStep[]): ScenarioDelivery[] {
  const deliveries: ScenarioDelivery[] = [];
  for (const p of planned) {
    const repeats = p.step.resend === undefined ? undefined : p.step.resend - 1;
    const body = repeats === undefined ? renderedStep(p) : deliveries[repeats]?.body;
    if (!body) throw new Error(`step ${p.index}: resends step ${String(p.step.resend)}, which does not come before it`);
    deliveries.push({ planned: p, body, ...(repeats === undefined ? {} : { repeats }) });
  }
  return deliveries;
}
