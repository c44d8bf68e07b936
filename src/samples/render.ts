/**
 * Sample payloads: templates are data (templates/<folder>/<file>.json, Meta's exact envelope with
 * `{{placeholders}}` and a `_meta` block). Rendering works on the parsed object, never on the raw text,
 * so a value with quotes, backslashes or newlines can never break the JSON. Pure and deterministic:
 * fresh ids and the current time arrive as vars.
 */
import { toMetaJson } from './bytes/meta-bytes.js';
import { isRecord, recordAt } from '../json-narrow.js';

export type TemplateVars = Readonly<Record<string, string>>;

export interface Template {
  /** Derived from the file: see templateName. */
  name: string;
  description: string;
  version: 1;
  /** Where the shape comes from (Meta's reference page, a capture in an issue thread, a library's test data). */
  source?: string;
  /** Per-template defaults (e.g. a caption that fits an image); flags override them. */
  defaults: Record<string, string>;
  /** Shape changes for older Graph API versions (see applyApiVersion). */
  variants?: TemplateVariant[];
  /** The envelope, `_meta` removed: an object in a template file; a hand-written payload (`--file`) may be any JSON. */
  body: unknown;
}

/**
 * A shape that depends on the Graph API version, e.g. the `conversation` object statuses carried before v24:
 * below `apiVersionBelow`, the keys of `merge` are inserted into the object at `path` (dotted, array
 * indexes as numbers), before the key `insertBefore` when given.
 */
export interface TemplateVariant {
  apiVersionBelow: number;
  path: string;
  merge: Record<string, unknown>;
  insertBefore?: string;
}

/** `v23.0` / `23.0` / `23` → 23; undefined when it is not a Graph API version. */
export function parseApiVersion(text: string): number | undefined {
  const match = /^v?(\d{1,2})(?:\.(\d))?$/.exec(text.trim());
  return match ? Number(`${match[1]}.${match[2] ?? '0'}`) : undefined;
}

/**
 * Naming rule: the folder gives a prefix, the file name the rest. messages/text.json → `text`,
 * statuses/delivered.json → `status-delivered`, errors/rate-limit.json → `error-rate-limit`.
 */
export const TEMPLATE_FOLDERS: Readonly<Record<string, string>> = {
  messages: '',
  statuses: 'status-',
  errors: 'error-',
  'message-templates': 'template-',
  coexistence: 'coex-',
  calls: 'call-',
  groups: 'group-',
  account: 'account-',
  phone: 'phone-',
  'other-fields': '',
};

export function templateName(folder: string, file: string): string | undefined {
  const prefix = TEMPLATE_FOLDERS[folder];
  const match = /^([a-z0-9][a-z0-9-]*)\.json$/.exec(file);
  return prefix === undefined || !match ? undefined : `${prefix}${match[1]}`;
}

/** The business number of Meta's samples (display_phone_number). */
export const SAMPLE_BUSINESS_NUMBER = '15550783881';

/** Values used when neither a flag, the config nor the template says otherwise (Meta's text sample). */
export const DEFAULT_VARS: TemplateVars = {
  waba_id: '102290129340398',
  phone_number_id: '106540352242922',
  display_phone_number: SAMPLE_BUSINESS_NUMBER,
  from: '16505551234',
  name: 'Sheena Nelson',
  user_id: 'US.13491208655302741918',
  /** Parent BSUID (businesses whose portfolios share one): the format Meta documents, CC.ENT.<digits>. */
  parent_user_id: 'US.ENT.11815799212886844830',
  text: 'Does it come in another color?',
};

const PLACEHOLDER = /\{\{([a-z][a-z0-9_]*)\}\}/g;
// A string that is exactly `{{#name}}` renders as a JSON number (Meta's `entry[].time`, template ids).
const NUMBER_PLACEHOLDER = /^\{\{#([a-z][a-z0-9_]*)\}\}$/;
// Private-use markers stand in for placeholders while compiling; templates may not contain them.
const OPEN = '\ue000';
const CLOSE = '\ue001';
const MARKED = /\\ue000([a-z][a-z0-9_]*)\\ue001/;

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn);
    return out;
  }
  return value;
}

/** Validates a parsed template file. Throws an Error naming what is wrong. */
export function parseTemplate(name: string, raw: unknown): Template {
  if (!isRecord(raw)) throw new Error(`template ${name}: not a JSON object`);
  const { _meta: meta, ...body } = raw;
  if (!isRecord(meta) || meta.version !== 1 || typeof meta.description !== 'string' || meta.description === '') {
    throw new Error(`template ${name}: needs "_meta": {"version": 1, "description": "…"}`);
  }
  if (meta.source !== undefined && (typeof meta.source !== 'string' || meta.source === ''))
    throw new Error(`template ${name}: _meta.source must be a non-empty string`);
  const defaults: Record<string, string> = {};
  if (meta.defaults !== undefined) {
    if (!isRecord(meta.defaults)) throw new Error(`template ${name}: _meta.defaults must be an object of strings`);
    for (const [k, v] of Object.entries(meta.defaults)) {
      if (typeof v !== 'string') throw new Error(`template ${name}: _meta.defaults.${k} must be a string`);
      defaults[k] = v;
    }
  }
  mapStrings(body, (s) => {
    if (s.includes(OPEN) || s.includes(CLOSE))
      throw new Error(`template ${name}: contains reserved characters U+E000/U+E001`);
    return s;
  });
  const source = typeof meta.source === 'string' ? { source: meta.source } : {};
  const variants = meta.variants === undefined ? {} : { variants: parseVariants(name, meta.variants) };
  return { name, description: meta.description, version: 1, ...source, ...variants, defaults, body };
}

function parseVariants(name: string, raw: unknown): TemplateVariant[] {
  if (!Array.isArray(raw)) throw new Error(`template ${name}: _meta.variants must be an array`);
  return raw.map((v: unknown, i) => {
    const below =
      isRecord(v) && typeof v.api_version_below === 'string' ? parseApiVersion(v.api_version_below) : undefined;
    if (!isRecord(v) || below === undefined || typeof v.path !== 'string' || !isRecord(v.merge))
      throw new Error(`template ${name}: _meta.variants[${i}] needs "api_version_below", "path" and "merge"`);
    const before = typeof v.insert_before === 'string' ? { insertBefore: v.insert_before } : {};
    return { apiVersionBelow: below, path: v.path, merge: v.merge, ...before };
  });
}

/** The template as Meta shapes it for that Graph API version (the same object when nothing changes). */
export function applyApiVersion(template: Template, version: number): Template {
  const apply = (template.variants ?? []).filter((v) => version < v.apiVersionBelow);
  if (apply.length === 0) return template;
  const body = structuredClone(template.body);
  for (const variant of apply) {
    let target: unknown = body;
    for (const key of variant.path.split('.'))
      target = isRecord(target) ? target[key] : Array.isArray(target) ? target[Number(key)] : undefined;
    if (!isRecord(target)) throw new Error(`template ${template.name}: variant path ${variant.path} not found`);
    const entries = Object.entries(target);
    const at = variant.insertBefore ? entries.findIndex(([k]) => k === variant.insertBefore) : -1;
    entries.splice(at === -1 ? entries.length : at, 0, ...Object.entries(structuredClone(variant.merge)));
    for (const key of Object.keys(target)) delete target[key];
    Object.assign(target, Object.fromEntries(entries));
  }
  return { ...template, body };
}

/** A hand-written payload (`--file`) as a template: `_meta` dropped, placeholders still honoured. */
export function payloadAsTemplate(name: string, raw: unknown): Template {
  const body = isRecord(raw) ? Object.fromEntries(Object.entries(raw).filter(([k]) => k !== '_meta')) : raw;
  return { name, description: 'hand-written payload', version: 1, defaults: {}, body };
}

/** Every placeholder name a template uses, sorted. */
export function templatePlaceholders(template: Template): string[] {
  const names = new Set<string>();
  mapStrings(template.body, (s) => {
    for (const [, name] of s.matchAll(PLACEHOLDER)) if (name) names.add(name);
    const number = NUMBER_PLACEHOLDER.exec(s)?.[1];
    if (number) names.add(number);
    return s;
  });
  return [...names].sort();
}

function valueOf(template: Template, vars: TemplateVars, key: string): string {
  const value = vars[key];
  if (value === undefined) throw new Error(`template ${template.name} uses {{${key}}} but no value was given`);
  return value;
}

function numberOf(template: Template, vars: TemplateVars, key: string): number {
  const value = Number(valueOf(template, vars, key));
  if (!Number.isFinite(value)) throw new Error(`template ${template.name} needs a number for {{#${key}}}`);
  return value;
}

function renderValue(value: unknown, template: Template, vars: TemplateVars): unknown {
  if (typeof value === 'string') {
    const number = NUMBER_PLACEHOLDER.exec(value)?.[1];
    if (number !== undefined) return numberOf(template, vars, number);
    return value.replace(PLACEHOLDER, (_m, key: string) => valueOf(template, vars, key));
  }
  if (Array.isArray(value)) return value.map((v) => renderValue(v, template, vars));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderValue(v, template, vars);
    return out;
  }
  return value;
}

/**
 * The envelope with every `{{placeholder}}` filled (strings only; keys are never rendered). A value that is
 * exactly `{{#name}}` becomes a number.
 */
export function renderTemplate(template: Template, vars: TemplateVars): unknown {
  return renderValue(template.body, template, vars);
}

function hasNumberPlaceholder(value: unknown): boolean {
  if (typeof value === 'string') return NUMBER_PLACEHOLDER.test(value);
  if (Array.isArray(value)) return value.some(hasNumberPlaceholder);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasNumberPlaceholder);
  return false;
}

/** The webhook field a template is for (`messages`, `message_template_status_update`, …). */
export function templateField(template: Template): string {
  const field = recordAt(template.body, 'entry', 0, 'changes', 0)?.field;
  return typeof field === 'string' ? field : 'other';
}

/** True when the sample is about a message the business sent (statuses, echoes): its wamid is outbound. */
export function isOutboundTemplate(template: Template): boolean {
  const value = recordAt(template.body, 'entry', 0, 'changes', 0, 'value');
  return value !== undefined && ('statuses' in value || 'message_echoes' in value);
}

const NEEDS_ESCAPE = /["\\/\u0000-\u001f\u0080-\uffff]/;

/** Meta's escaping of one string value, without the surrounding quotes. */
function metaEscape(value: string): string {
  return NEEDS_ESCAPE.test(value) ? toMetaJson(value).slice(1, -1) : value;
}

/**
 * A fast renderer for bursts: serializes the template once (Meta style) with markers where the
 * placeholders are, so each request only concatenates escaped values. Produces exactly
 * `toMetaJson(renderTemplate(template, vars))` (a unit test holds it to that).
 */
export function compileTemplate(template: Template): (vars: TemplateVars) => string {
  // Number placeholders sit outside quotes: not worth a second marker scheme, take the exact slow path.
  if (hasNumberPlaceholder(template.body)) return (vars) => toMetaJson(renderTemplate(template, vars));
  let inserted = 0;
  const marked = mapStrings(template.body, (s) =>
    s.replace(PLACEHOLDER, (_m, key: string) => {
      inserted += 1;
      return `${OPEN}${key}${CLOSE}`;
    }),
  );
  const parts = toMetaJson(marked).split(MARKED);
  // Literal text that merely looks like a marker (a backslash before "ue000") would split wrongly:
  // then take the slow, always-correct path.
  if (parts.length !== 2 * inserted + 1) return (vars) => toMetaJson(renderTemplate(template, vars));
  // parts alternate text and placeholder names: [text, key, text, key, …, text].
  const [head = '', ...rest] = parts;
  // In a burst only the ids and the time change: each slot remembers its last value and its escaping.
  const slots: Array<{ key: string; after: string; raw?: string; escaped: string }> = [];
  for (let i = 0; i < rest.length; i += 2) slots.push({ key: rest[i] ?? '', after: rest[i + 1] ?? '', escaped: '' });
  return (vars) => {
    let out = head;
    for (const slot of slots) {
      const raw = valueOf(template, vars, slot.key);
      if (raw !== slot.raw) {
        slot.raw = raw;
        slot.escaped = metaEscape(raw);
      }
      out += slot.escaped + slot.after;
    }
    return out;
  };
}

/** `--from` as Meta sends it: digits only, country code first (users type +1 555-…). */
export function normalizeWaId(input: string): string | undefined {
  const digits = input.replace(/[\s+().-]/g, '');
  return /^\d{6,20}$/.test(digits) ? digits : undefined;
}
