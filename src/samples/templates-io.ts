import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseTemplate, templateName, TEMPLATE_FOLDERS, type Template } from './render.js';
import { parseScenario, type Scenario } from './scenario.js';
import { errorCode, errorMessage } from '../errors-narrow.js';

/** templates/ ships next to dist/ (package.json "files"), and next to src/ in a checkout. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/**
 * Every sample template, in folder order (messages, statuses, errors) then by name. The list is the
 * folder: adding a file adds a sample; there is no hand-kept array.
 */
export async function loadTemplates(dir: string = TEMPLATES_DIR): Promise<Template[]> {
  const templates: Template[] = [];
  for (const folder of Object.keys(TEMPLATE_FOLDERS)) {
    let files: string[];
    try {
      files = await readdir(join(dir, folder));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') continue;
      throw error;
    }
    for (const file of files.sort()) {
      const name = templateName(folder, file);
      if (!name) continue;
      const path = join(dir, folder, file);
      let raw: unknown;
      try {
        raw = JSON.parse(await readFile(path, 'utf8'));
      } catch (error) {
        throw new Error(`template ${path} is not valid JSON: ${errorMessage(error)}`, { cause: error });
      }
      templates.push(parseTemplate(name, raw));
    }
  }
  return templates;
}

/** A hand-written payload for `--file`, as text (the command parses it to point at syntax errors). */
export async function readPayloadFile(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

/** Every scenario in templates/scenarios/, by name, checked against the sample names. */
export async function loadScenarios(
  sampleNames: ReadonlySet<string>,
  dir: string = TEMPLATES_DIR,
): Promise<Scenario[]> {
  let files: string[];
  try {
    files = await readdir(join(dir, 'scenarios'));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  }
  const scenarios: Scenario[] = [];
  for (const file of files.sort()) {
    const [, name] = /^([a-z0-9][a-z0-9-]*)\.json$/.exec(file) ?? [];
    if (!name) continue;
    const path = join(dir, 'scenarios', file);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new Error(`scenario ${path} is not valid JSON: ${errorMessage(error)}`, { cause: error });
    }
    scenarios.push(parseScenario(name, raw, sampleNames));
  }
  return scenarios;
}
