/**
 * The public JavaScript API (package entry `wa-hook`): Meta-faithful webhook samples for a bot's own tests.
 * Importing it starts nothing, reads no .env and prints nothing; only renderSample/listSamples read the
 * templates that ship with the package.
 */
import { randomFillSync } from 'node:crypto';
import { loadTemplates } from './templates-io.js';
import { isOutboundTemplate, normalizeWaId, type Template } from './render.js';
import { createIdFactory } from './ids.js';
import { seededFill, seededNow } from './bytes/seeded-bytes.js';
import { baseVarsFor, freshVars } from './sample-vars.js';
import { renderSampleWith, signerFor, type RenderedSample } from './fixture.js';

export interface RenderSampleOptions {
  /** Message text or caption. */
  text?: string;
  /** Sender's WhatsApp id (digits; `+1 555-…` is accepted). */
  from?: string;
  /** Sender's profile name. */
  name?: string;
  phoneNumberId?: string;
  wabaId?: string;
  /** Sign the body: adds `X-Hub-Signature-256` to the headers. */
  appSecret?: string;
  /** Same ids and timestamp on every call with the same seed (fixtures that diff small). */
  seed?: number;
}

export interface SampleInfo {
  name: string;
  description: string;
}

async function findTemplate(name: string): Promise<Template> {
  const templates = await loadTemplates();
  const template = templates.find((t) => t.name === name);
  if (!template) {
    throw new Error(`unknown sample "${name}"; known: ${templates.map((t) => t.name).join(', ')}`);
  }
  return template;
}

/** One sample as Meta would send it: `{ body, headers, payload }`. */
export async function renderSample(name: string, options: RenderSampleOptions = {}): Promise<RenderedSample> {
  const template = await findTemplate(name);
  let from: string | undefined;
  if (options.from !== undefined) {
    from = normalizeWaId(options.from);
    if (!from) throw new Error(`from must be a WhatsApp id (country code and number), got "${options.from}"`);
  }
  const { seed } = options;
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new Error('seed must be an integer');
  const ids = createIdFactory(seed !== undefined ? seededFill(seed) : randomFillSync);
  const vars = freshVars(
    baseVarsFor(template, { ...options, from }),
    ids,
    seed !== undefined ? seededNow(seed) : Date.now,
    isOutboundTemplate(template),
  );
  return renderSampleWith(template, vars, signerFor(options.appSecret));
}

/** Every sample name with its one-line description. */
export async function listSamples(): Promise<SampleInfo[]> {
  return (await loadTemplates()).map(({ name, description }) => ({ name, description }));
}
