/**
 * The template registry of local WhatsApp: `.wa-hook/templates.json`, Meta's template objects as
 * GET /{waba-id}/message_templates returns them. Created from SEED_TEMPLATES on first use; `wa-hook local
 * templates pull` adds the user's real ones; statuses can be edited by hand or with `wa-hook local templates`.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SEED_TEMPLATES } from './rules/template/seed-templates.js';
import type { TemplateDef } from './rules/types.js';
import { errorCode, errorMessage } from '../errors-narrow.js';
import { recordOr } from '../json-narrow.js';
import { isTemplateDef } from './rules/template/template-def.js';

export function templatesPath(cwd: string): string {
  return join(cwd, '.wa-hook', 'templates.json');
}

/** The registry; written from the seed when the file does not exist. Throws naming the file when it is broken. */
export async function loadTemplateRegistry(cwd: string): Promise<TemplateDef[]> {
  const path = templatesPath(cwd);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
    const seeded = structuredClone<TemplateDef[]>([...SEED_TEMPLATES]);
    await saveTemplateRegistry(cwd, seeded);
    return seeded;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${errorMessage(error)}`, { cause: error });
  }
  const list = recordOr(parsed).data;
  if (!Array.isArray(list)) throw new Error(`${path} must be {"data": [templates…]} as Meta lists them`);
  const bad = list.findIndex((t) => !isTemplateDef(t));
  if (bad !== -1)
    throw new Error(`${path}: data[${bad}] is not a template (needs id, name, language, status, category, components)`);
  return list.filter(isTemplateDef);
}

export async function saveTemplateRegistry(cwd: string, templates: readonly TemplateDef[]): Promise<void> {
  const path = templatesPath(cwd);
  await mkdir(join(cwd, '.wa-hook'), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ data: templates }, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}
