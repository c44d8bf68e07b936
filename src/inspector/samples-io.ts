/**
 * The inspector's "Send sample" library: send-sample's templates/ folder, rendered the same way
 * (defaults < config < template defaults < the page's text; fresh wamid and time per send).
 */
import { loadScenarios, loadTemplates } from '../samples/templates-io.js';
import { planScenario } from '../samples/scenario.js';
import { DEFAULT_VARS, isOutboundTemplate, renderTemplate, templateField, type Template } from '../samples/render.js';
import { toMetaBytes } from '../samples/bytes/meta-bytes.js';
import { createIdFactory } from '../samples/ids.js';

export interface SampleInfo {
  name: string;
  description: string;
  /** The webhook field, for grouping the list. */
  field: string;
}

/** One step of a scenario, ready to send: its delay and bytes, or the step whose bytes it repeats. */
export interface ScenarioDelivery {
  afterMs: number;
  label: string;
  body: Buffer;
  /** 0-based index of the earlier delivery this one repeats byte for byte (same signature). */
  repeats?: number;
}

export interface SampleLibrary {
  list(): Promise<SampleInfo[]>;
  scenarios(): Promise<SampleInfo[]>;
  /** The scenario's deliveries with fresh ids, or undefined for an unknown name. */
  scenario(name: string): Promise<ScenarioDelivery[] | undefined>;
  /** Meta-style wire bytes, or undefined for an unknown name. */
  render(name: string, vars: { text?: string }): Promise<Buffer | undefined>;
}

export function createTemplateSamples(config: { phoneNumberId?: string; wabaId?: string }): SampleLibrary {
  let templates: Promise<Template[]> | undefined;
  const load = () => (templates ??= loadTemplates());
  const ids = createIdFactory();
  const baseVars = (template: Template): Record<string, string> => {
    const values: Record<string, string> = { ...DEFAULT_VARS, ...template.defaults };
    if (config.phoneNumberId) values.phone_number_id = config.phoneNumberId;
    if (config.wabaId) values.waba_id = config.wabaId;
    return values;
  };
  const scenarios = async () => loadScenarios(new Set((await load()).map((t) => t.name)));
  return {
    scenarios: async () =>
      (await scenarios()).map((s) => ({ name: s.name, description: s.description, field: 'scenario' })),
    scenario: async (name) => {
      const scenario = (await scenarios()).find((s) => s.name === name);
      if (!scenario) return undefined;
      const byName = new Map((await load()).map((t) => [t.name, t]));
      const planned = planScenario(scenario, byName, baseVars, ids, Math.floor(Date.now() / 1000));
      const deliveries: ScenarioDelivery[] = [];
      for (const p of planned) {
        const repeats = p.step.resend === undefined ? undefined : p.step.resend - 1;
        const body =
          repeats === undefined ? toMetaBytes(renderTemplate(p.template!, p.vars!)) : deliveries[repeats]!.body;
        deliveries.push({
          afterMs: p.step.afterMs,
          label: p.label,
          body,
          ...(repeats === undefined ? {} : { repeats }),
        });
      }
      return deliveries;
    },
    list: async () =>
      (await load()).map((t) => ({ name: t.name, description: t.description, field: templateField(t) })),
    render: async (name, vars) => {
      const template = (await load()).find((t) => t.name === name);
      if (!template) return undefined;
      const values: Record<string, string> = { ...DEFAULT_VARS, ...template.defaults };
      if (config.phoneNumberId) values.phone_number_id = config.phoneNumberId;
      if (config.wabaId) values.waba_id = config.wabaId;
      if (vars.text !== undefined) values.text = vars.text;
      values.wamid = ids.wamid({ peer: values.from, outbound: isOutboundTemplate(template) });
      values.context_wamid = ids.wamid({ peer: values.from, outbound: true });
      values.media_id = ids.mediaId();
      values.timestamp = String(Math.floor(Date.now() / 1000));
      values.timestamp_plus_1d = String(Math.floor(Date.now() / 1000) + 86_400);
      return toMetaBytes(renderTemplate(template, values));
    },
  };
}
