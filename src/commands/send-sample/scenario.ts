/**
 * `send-sample --scenario NAME`: plays a scenario's steps in order with their compressed delays, showing
 * the real interval Meta would use where the scenario names one. A `resend` step sends the earlier step's
 * exact bytes and signature again (at-least-once delivery, retries).
 */
import { parseApiVersion, type Template } from '../../samples/render.js';
import { planScenario, scenarioDeliveries, type PlannedStep, type Scenario } from '../../samples/scenario.js';
import { playScenario } from '../../samples/send/play-scenario-io.js';
import { loadScenarios } from '../../samples/templates-io.js';
import type { IdFactory } from '../../samples/ids.js';
import { UsageError, WaHookError } from '../../errors.js';
import { suggestNames } from '../../ui/did-you-mean.js';
import { failWith, groupFailures } from './failures.js';
import type { Sender } from '../../samples/send/sender-io.js';
import {
  judgeDelivery,
  formatMs,
  type DeliveryContext,
  type DeliveryVerdict,
} from '../../samples/send/send-verdict.js';
import type { Output } from '../../ui/output-io.js';

export interface ScenarioResult {
  step: number;
  name: string;
  resend?: number;
  wamid?: string;
  delayMs: number;
  metaAfter?: string;
  status?: number;
  ok: boolean;
  ms: number;
  bytes: number;
}

export interface ScenarioRun {
  results: ScenarioResult[];
  failed: DeliveryVerdict[];
  interrupted: boolean;
}

export async function runScenario(input: {
  scenario: Scenario;
  planned: PlannedStep[];
  sender: Sender;
  sign: (body: Buffer) => string | undefined;
  judge: DeliveryContext;
  out: Output;
  signal: AbortSignal;
}): Promise<ScenarioRun> {
  const { planned, sender, sign, judge, out, signal } = input;
  const results: ScenarioResult[] = [];
  const failed: DeliveryVerdict[] = [];
  const started = performance.now();
  const total = planned.length;
  await playScenario(scenarioDeliveries(planned), {
    sender,
    sign,
    signal,
    readBody: true,
    onSent: ({ planned: item, body }, result) => {
      const { step } = item;
      const verdict = judgeDelivery(result, judge);
      const wamid = item.vars?.wamid ?? (step.resend !== undefined ? results[step.resend - 1]?.wamid : undefined);
      results.push({
        step: item.index,
        name: item.label,
        resend: step.resend,
        wamid,
        delayMs: step.afterMs,
        metaAfter: step.metaAfter,
        status: result.status,
        ok: verdict.ok,
        ms: Math.round(result.ms * 100) / 100,
        ...(verdict.slow ? { slow: true } : {}),
        bytes: body.length,
      });
      const at = `+${((performance.now() - started) / 1000).toFixed(1)}s`;
      const meta = step.metaAfter ? ` (Meta: ${step.metaAfter})` : '';
      out.result(
        `→ ${item.index}/${total} ${at} ${item.label} ${wamid ?? ''} ${verdict.label} ` +
          `${formatMs(result.ms)}${verdict.ok && verdict.slow ? ' (slow)' : ''}${meta}`,
      );
      if (verdict.ok && verdict.slow) out.warn(verdict.slow.message, verdict.slow.hint);
      if (step.note) out.info(`  ${out.theme.dim(step.note)}`);
      if (!verdict.ok) failed.push(verdict);
    },
  });
  return { results, failed, interrupted: results.length < total };
}

/** The version wa-hook uses elsewhere (the Graph base URL, v24.0 by default) unless --api-version says otherwise. */
export function resolveApiVersion(flag: string | undefined, graphUrl: string | undefined): number {
  if (flag !== undefined) {
    const version = parseApiVersion(flag);
    if (version === undefined)
      throw new UsageError(`--api-version must look like v24.0, got "${flag}"`, { hint: 'e.g. --api-version v23.0' });
    return version;
  }
  const fromUrl = /\/(v\d{1,2}\.\d)(?:\/|$)/.exec(graphUrl ?? '')?.[1];
  return (fromUrl && parseApiVersion(fromUrl)) || 24;
}

export async function pickScenario(name: string, templates: Template[]): Promise<Scenario> {
  const scenarios = await loadScenarios(new Set(templates.map((t) => t.name)));
  const scenario = scenarios.find((s) => s.name === name);
  if (scenario) return scenario;
  const close = suggestNames(
    name,
    scenarios.map((s) => s.name),
  );
  throw new UsageError(
    `unknown scenario "${name}"${close.length ? ` — did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : ''}`,
    { hint: `scenarios: ${scenarios.map((s) => s.name).join(', ')} (see \`wa-hook send-sample --list\`)` },
  );
}

/** Plans, plays and reports a scenario; throws like single sends do when a delivery fails. */
export async function sendScenario(input: {
  scenario: Scenario;
  templates: ReadonlyMap<string, Template>;
  baseVars: (t: Template) => Record<string, string>;
  ids: IdFactory;
  sender: Sender;
  sign: (body: Buffer) => string | undefined;
  judge: DeliveryContext;
  out: Output;
  signal: AbortSignal;
  apiVersion: number;
}): Promise<void> {
  const { scenario, out } = input;
  const planned = planScenario(scenario, input.templates, input.baseVars, input.ids, Math.floor(Date.now() / 1000));
  const run = await runScenario({ ...input, planned });
  out.data({
    scenario: scenario.name,
    url: input.judge.url,
    signing: input.judge.signing,
    apiVersion: `v${input.apiVersion.toFixed(1)}`,
    ok: run.failed.length === 0 && !run.interrupted,
    steps: run.results,
  });
  if (run.failed.length) failWith(out, groupFailures(run.failed), planned.length, 'scenario steps');
  if (run.interrupted)
    throw new WaHookError(`interrupted after ${run.results.length} of ${planned.length} steps`, { exitCode: 130 });
  out.ok(`scenario ${scenario.name}: all ${planned.length} steps accepted`);
}
