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

export function templatesPath(cwd: string): string {
  return join(cwd, '.wa-hook', 'templates.json');
}

const STATUSES = new Set(['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED']);

function isTemplate(value: unknown): value is TemplateDef {
  const t = value as TemplateDef;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.name === 'string' &&
    typeof t.language === 'string' &&
    typeof t.id === 'string' &&
    STATUSES.has(t.status) &&
    Array.isArray(t.components)
  );
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
  const list = (parsed as { data?: unknown })?.data;
  if (!Array.isArray(list)) throw new Error(`${path} must be {"data": [templates…]} as Meta lists them`);
  const bad = list.findIndex((t) => !isTemplate(t));
  if (bad !== -1)
    throw new Error(`${path}: data[${bad}] is not a template (needs id, name, language, status, components)`);
  return list as TemplateDef[];
}

export async function saveTemplateRegistry(cwd: string, templates: readonly TemplateDef[]): Promise<void> {
  const path = templatesPath(cwd);
  await mkdir(join(cwd, '.wa-hook'), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ data: templates }, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}
