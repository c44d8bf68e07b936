/**
 * The inspector's "Send sample" library: send-sample's templates/ folder, rendered the same way, with the
 * same functions (sample-vars.ts: fresh wamid and time per send; scenario.ts: the scenario's deliveries).
 */
import { loadScenarios, loadTemplates } from '../samples/templates-io.js';
import { planScenario, scenarioDeliveries, type ScenarioDelivery } from '../samples/scenario.js';
import { isOutboundTemplate, renderTemplate, templateField, type Template } from '../samples/render.js';
import { baseVarsFor, freshVars } from '../samples/sample-vars.js';
import { toMetaBytes } from '../samples/bytes/meta-bytes.js';
import { createIdFactory } from '../samples/ids.js';

export interface SampleInfo {
  name: string;
  description: string;
  /** The webhook field, for grouping the list. */
  field: string;
}

export interface SampleLibrary {
  list(): Promise<SampleInfo[]>;
  scenarios(): Promise<SampleInfo[]>;
  /** The scenario's deliveries with fresh ids, or undefined for an unknown name. */
  scenario(name: string): Promise<ScenarioDelivery[] | undefined>;
  /** Meta-style wire bytes, or undefined for an unknown name. */
  render(name: string, vars: { text?: string }): Promise<Buffer | undefined>;
}

export function createTemplateSamples(
  config: { phoneNumberId?: string; wabaId?: string },
  loadAll: () => Promise<Template[]> = loadTemplates,
): SampleLibrary {
  let templates: Promise<Template[]> | undefined;
  const load = () => (templates ??= loadAll());
  const ids = createIdFactory();
  // The CLI's precedence (sample-vars.ts): defaults < configured ids < the template's defaults < the page's text.
  const baseVars = (template: Template, text?: string) => baseVarsFor(template, { ...config, text });
  const scenarios = async () => loadScenarios(new Set((await load()).map((t) => t.name)));
  return {
    scenarios: async () =>
      (await scenarios()).map((s) => ({ name: s.name, description: s.description, field: 'scenario' })),
    scenario: async (name) => {
      const scenario = (await scenarios()).find((s) => s.name === name);
      if (!scenario) return undefined;
      const byName = new Map((await load()).map((t) => [t.name, t]));
      return scenarioDeliveries(planScenario(scenario, byName, baseVars, ids, Math.floor(Date.now() / 1000)));
    },
    list: async () =>
      (await load()).map((t) => ({ name: t.name, description: t.description, field: templateField(t) })),
    render: async (name, vars) => {
      const template = (await load()).find((t) => t.name === name);
      if (!template) return undefined;
      const values = freshVars(baseVars(template, vars.text), ids, Date.now, isOutboundTemplate(template));
      return toMetaBytes(renderTemplate(template, values));
    },
  };
}
