import { DEFAULT_VARS, type Template } from './render.js';
import type { IdFactory } from './ids.js';

/** What a caller may set in a sample; anything unset keeps the sample's own value. */
export interface SampleOverrides {
  text?: string;
  name?: string;
  /** The sender's WhatsApp id, digits only (see normalizeWaId). */
  from?: string;
  phoneNumberId?: string;
  wabaId?: string;
}

/** Static vars of one sample: defaults < configured ids < the template's own defaults < explicit overrides. */
export function baseVarsFor(template: Template, overrides: SampleOverrides): Record<string, string> {
  const configured: Record<string, string> = {};
  if (overrides.phoneNumberId) configured.phone_number_id = overrides.phoneNumberId;
  if (overrides.wabaId) configured.waba_id = overrides.wabaId;
  const explicit: Record<string, string> = {};
  if (overrides.text !== undefined) explicit.text = overrides.text;
  if (overrides.name !== undefined) explicit.name = overrides.name;
  if (overrides.from !== undefined) explicit.from = overrides.from;
  return { ...DEFAULT_VARS, ...configured, ...template.defaults, ...explicit };
}

/** Adds the values that must be fresh on every send. */
export function freshVars(
  vars: Record<string, string>,
  ids: IdFactory,
  now: () => number = Date.now,
): Record<string, string> {
  vars.wamid = ids.wamid();
  vars.context_wamid = ids.wamid();
  vars.media_id = ids.mediaId();
  vars.timestamp = String(Math.floor(now() / 1000));
  return vars;
}
