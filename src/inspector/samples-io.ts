/**
 * The inspector's "Send sample" library: send-sample's templates/ folder, rendered the same way
 * (defaults < config < template defaults < the page's text; fresh wamid and time per send).
 */
import { loadTemplates } from '../samples/templates-io.js';
import { DEFAULT_VARS, isOutboundTemplate, renderTemplate, templateField, type Template } from '../samples/render.js';
import { toMetaBytes } from '../samples/meta-bytes.js';
import { createIdFactory } from '../samples/ids.js';

export interface SampleInfo {
  name: string;
  description: string;
  /** The webhook field, for grouping the list. */
  field: string;
}

export interface SampleLibrary {
  list(): Promise<SampleInfo[]>;
  /** Meta-style wire bytes, or undefined for an unknown name. */
  render(name: string, vars: { text?: string }): Promise<Buffer | undefined>;
}

export function createTemplateSamples(config: { phoneNumberId?: string; wabaId?: string }): SampleLibrary {
  let templates: Promise<Template[]> | undefined;
  const load = () => (templates ??= loadTemplates());
  const ids = createIdFactory();
  return {
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
