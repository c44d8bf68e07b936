/**
 * Reads a conversation script (YAML, or JSON — YAML's subset) into a checked Script, or every mistake with its
 * line and column. Pure: the caller reads the file. The accepted shape is the one schema/conversation.schema.json
 * documents; a test keeps the two in step.
 */
import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { editDistance } from '../ui/did-you-mean.js';
import { parseDuration } from './duration.js';
import type {
  BotSpec,
  Conversation,
  Customer,
  ReplyExpectation,
  Script,
  ScriptProblem,
  SourcePos,
  Step,
  TextMatch,
} from './script-types.js';
import { errorMessage } from '../errors-narrow.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_NO_REPLY_MS = 1_000;
export const DEFAULT_BOT_READY_MS = 30_000;
/** The customer a script gets when it names none (a US test number, as the samples use). */
export const DEFAULT_CUSTOMER: Customer = { name: 'customer', number: '16505551234' };

const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'] as const;
const STATUSES = ['sent', 'delivered', 'read', 'failed', 'played'];
export const STEP_KINDS = [
  'say',
  'send',
  'location',
  'tap',
  'wait',
  'expect',
  'expectNoReply',
  'expectRead',
  'expectStatus',
  'expectError',
] as const;

/** A mapping's known keys, each with its key node (for positions) and its value node. */
class Entries extends Map<string, { key: Node; value: Node | null }> {
  /** The value node of `key`: null when the key has no value or is absent (callers ask has() first). */
  value(key: string): Node | null {
    return this.get(key)?.value ?? null;
  }
}

/** A YAML collection's item as a node (the parsed document holds only nodes; anything else reads as null). */
function nodeOf(item: unknown): Node | null {
  return isNode(item) ? item : null;
}

class Reader {
  readonly problems: ScriptProblem[] = [];
  constructor(private readonly lines: LineCounter) {}

  pos(node: Node | null | undefined, fallback?: SourcePos): SourcePos {
    const offset = node?.range?.[0];
    if (offset === undefined) return fallback ?? { line: 1, column: 1 };
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  fail(node: Node | null | undefined, message: string, fallback?: SourcePos): undefined {
    this.problems.push({ ...this.pos(node, fallback), message });
    return undefined;
  }

  /** A mapping's entries; unknown keys are reported with the nearest known one. */
  map(node: Node | null, what: string, known: readonly string[]): Entries | undefined {
    if (!isMap(node)) return this.fail(node, `${what} must be a mapping (key: value lines)`);
    const entries = new Entries();
    for (const pair of node.items) {
      const key = nodeOf(pair.key);
      const name = isScalar(key) ? String(key.value) : undefined;
      if (name === undefined) {
        this.fail(key, `${what}: keys must be plain names`);
        continue;
      }
      if (!known.includes(name)) {
        this.fail(key, `${what}: unknown key "${name}"${nearest(name, known)}`);
        continue;
      }
      if (key) entries.set(name, { key, value: nodeOf(pair.value) });
    }
    return entries;
  }

  string(node: Node | null, what: string): string | undefined {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return String(node.value);
    return this.fail(node, `${what} must be a text`);
  }

  number(node: Node | null, what: string): number | undefined {
    if (isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value)) return node.value;
    return this.fail(node, `${what} must be a number`);
  }

  duration(node: Node | null, what: string): number | undefined {
    const value = isScalar(node) ? node.value : undefined;
    const ms = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined;
    if (ms !== undefined) return ms;
    return this.fail(node, `${what} must be a duration such as 500ms, 5s, 2m or 25h`);
  }

  strings(node: Node | null, what: string): string[] | undefined {
    if (!isSeq(node)) return this.fail(node, `${what} must be a list`);
    const out: string[] = [];
    for (const item of node.items.map(nodeOf)) {
      const text = this.string(item, `each of ${what}`);
      if (text !== undefined) out.push(text);
    }
    return out;
  }
}

function nearest(name: string, known: readonly string[]): string {
  const best = [...known].sort((a, b) => editDistance(name, a) - editDistance(name, b))[0];
  if (best && editDistance(name.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(name.length / 3)))
    return ` (did you mean "${best}"?)`;
  return ` (expected one of: ${known.join(', ')})`;
}

/** Digits of a phone number as Meta's wa_id writes it: "+1 650-555-1234" → "16505551234". */
function waId(text: string): string | undefined {
  const digits = text.replace(/[\s()+.-]/g, '');
  return /^\d{6,15}$/.test(digits) ? digits : undefined;
}

function readBot(r: Reader, node: Node | null, scriptDir: string): BotSpec | undefined {
  const e = r.map(node, 'bot', ['url', 'forwardTo', 'command', 'cwd', 'env', 'readyTimeout']);
  if (!e) return undefined;
  const urlNode = e.get('url') ?? e.get('forwardTo');
  const second = e.has('url') ? e.get('forwardTo') : undefined;
  if (second) return r.fail(second.key, 'bot: give url or forwardTo, not both');
  if (!urlNode) return r.fail(node, 'bot needs url: the webhook URL of the bot, e.g. http://127.0.0.1:8000/webhook');
  const url = r.string(urlNode.value, 'bot.url');
  if (url !== undefined && !isLoopbackHttpUrl(url))
    r.fail(urlNode.value, `bot.url "${url}" must be an http:// URL on this machine (127.0.0.1, ::1 or localhost)`);
  const env: Record<string, string> = {};
  const envEntries = e.get('env');
  if (envEntries) {
    if (!isMap(envEntries.value)) r.fail(envEntries.value, 'bot.env must be a mapping of NAME: value');
    else
      for (const pair of envEntries.value.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : '';
        const value = isScalar(pair.value) ? pair.value.value : undefined;
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
          r.fail(nodeOf(pair.key), `bot.env: "${name}" is not a variable name`);
        else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
          env[name] = String(value);
        else r.fail(nodeOf(pair.value) ?? nodeOf(pair.key), `bot.env.${name} must be a text or a number`);
      }
  }
  const command = e.has('command') ? r.string(e.value('command'), 'bot.command') : undefined;
  const cwd = e.has('cwd') ? r.string(e.value('cwd'), 'bot.cwd') : undefined;
  if (!command && cwd !== undefined) r.fail(e.get('cwd')?.key, 'bot.cwd only means something with bot.command');
  const ready = e.has('readyTimeout') ? r.duration(e.value('readyTimeout'), 'bot.readyTimeout') : DEFAULT_BOT_READY_MS;
  if (url === undefined) return undefined;
  return {
    url,
    command,
    cwd: command ? joinPath(scriptDir, cwd ?? '.') : undefined,
    env,
    readyTimeoutMs: ready ?? DEFAULT_BOT_READY_MS,
  };
}

export function isLoopbackHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  } catch {
    return false;
  }
}

/** Pure path join for POSIX and Windows script folders (relative `cwd` and media files). */
export function joinPath(dir: string, relative: string): string {
  if (/^([A-Za-z]:[\\/]|[\\/])/.test(relative)) return relative;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return relative === '.' ? dir : `${dir.replace(/[\\/]+$/, '')}${sep}${relative}`;
}

function readCustomers(r: Reader, node: Node | null): Customer[] {
  if (!isSeq(node)) {
    r.fail(node, 'customers must be a list of { name, number }');
    return [];
  }
  const out: Customer[] = [];
  for (const item of node.items.map(nodeOf)) {
    const e = r.map(item, 'customer', ['name', 'number']);
    if (!e) continue;
    const name = e.has('name') ? r.string(e.value('name'), 'customer.name') : undefined;
    const numberNode = e.get('number');
    if (!numberNode) {
      r.fail(item, 'customer needs number: the phone number, e.g. "+1 650 555 1234"');
      continue;
    }
    const raw = r.string(numberNode.value, 'customer.number');
    const number = raw === undefined ? undefined : waId(raw);
    if (raw !== undefined && number === undefined)
      r.fail(numberNode.value, `customer.number "${raw}" is not a phone number (6 to 15 digits with country code)`);
    if (number === undefined) continue;
    if (out.some((c) => c.name === (name ?? number))) r.fail(item, `customer "${name ?? number}" is listed twice`);
    out.push({ name: name ?? number, number });
  }
  return out;
}

interface StepContext {
  customers: Customer[];
  timeoutMs: number;
  scriptDir: string;
}

const TEXT_MATCHES = ['equals', 'contains', 'matches'] as const;

function readTextMatch(r: Reader, node: Node | null): TextMatch | undefined {
  if (isScalar(node)) {
    const text = r.string(node, 'expect.text');
    return text === undefined ? undefined : { equals: text };
  }
  const e = r.map(node, 'expect.text', ['equals', 'contains', 'matches']);
  if (!e) return undefined;
  if (e.size !== 1) return r.fail(node, 'expect.text takes one of equals, contains or matches');
  const how = TEXT_MATCHES.find((k) => e.has(k));
  if (how === undefined) return r.fail(node, 'expect.text takes one of equals, contains or matches');
  const value = r.string(e.value(how), `expect.text.${how}`);
  if (value === undefined) return undefined;
  if (how === 'matches') {
    try {
      new RegExp(value, 'u');
    } catch (error) {
      return r.fail(e.value(how), `expect.text.matches is not a regular expression: ${errorMessage(error)}`);
    }
  }
  return how === 'equals' ? { equals: value } : how === 'contains' ? { contains: value } : { matches: value };
}

function readExpect(r: Reader, node: Node | null, ctx: StepContext): ReplyExpectation | undefined {
  const e = r.map(node, 'expect', ['type', 'interactive', 'text', 'buttons', 'rows', 'template', 'to', 'within']);
  if (!e) return undefined;
  const reply: ReplyExpectation = { withinMs: ctx.timeoutMs };
  if (e.has('type')) reply.type = r.string(e.value('type'), 'expect.type');
  if (e.has('interactive')) reply.interactive = r.string(e.value('interactive'), 'expect.interactive');
  if (e.has('text')) reply.text = readTextMatch(r, e.value('text'));
  if (e.has('buttons')) reply.buttons = r.strings(e.value('buttons'), 'expect.buttons');
  if (e.has('rows')) reply.rows = r.strings(e.value('rows'), 'expect.rows');
  if (e.has('to')) reply.to = customerRef(r, e.value('to'), ctx);
  if (e.has('within')) reply.withinMs = r.duration(e.value('within'), 'expect.within') ?? ctx.timeoutMs;
  const templateEntry = e.get('template');
  if (templateEntry) {
    if (isScalar(templateEntry.value)) {
      const name = r.string(templateEntry.value, 'expect.template');
      if (name !== undefined) reply.template = { name };
    } else {
      const t = r.map(templateEntry.value, 'expect.template', ['name', 'language', 'parameters']);
      const name = t?.has('name') ? r.string(t.value('name'), 'expect.template.name') : undefined;
      if (t && !t.has('name')) r.fail(templateEntry.value, 'expect.template needs name');
      if (t && name !== undefined) {
        reply.template = { name };
        if (t.has('language')) reply.template.language = r.string(t.value('language'), 'template.language');
        if (t.has('parameters')) reply.template.parameters = r.strings(t.value('parameters'), 'parameters');
      }
    }
  }
  if (reply.buttons && reply.rows) r.fail(node, 'expect: a message has buttons or rows, not both');
  return reply;
}

function customerRef(r: Reader, node: Node | null, ctx: StepContext): string | undefined {
  const name = r.string(node, 'customer');
  if (name === undefined) return undefined;
  const found = ctx.customers.find((c) => c.name === name || c.number === waId(name));
  if (!found) {
    const names = ctx.customers.map((c) => c.name);
    return r.fail(node, `no customer "${name}" in customers${names.length ? nearest(name, names) : ''}`);
  }
  return found.number;
}

/** A step's value is either the short form (`say: hi`) or a mapping with options (`say: { text: hi, from: bob }`). */
function readStep(r: Reader, node: Node | null, defaultCustomer: string, ctx: StepContext): Step | undefined {
  const pos = r.pos(node);
  const before = r.problems.length;
  const e = r.map(node, 'step', [...STEP_KINDS, 'from']);
  if (!e) return undefined;
  const kinds = [...e.keys()].filter((k) => k !== 'from');
  // An unknown key was reported already (with its nearest kind): one problem per mistake.
  if (kinds.length === 0 && r.problems.length > before) return undefined;
  if (kinds.length !== 1)
    return r.fail(
      node,
      kinds.length === 0
        ? `a step needs one of: ${STEP_KINDS.join(', ')}`
        : `one step does one thing: found ${kinds.join(' and ')} (start a new "- " item for each)`,
    );
  const kind = STEP_KINDS.find((k) => k === kinds[0]);
  const entry = kind === undefined ? undefined : e.get(kind);
  if (kind === undefined || entry === undefined) return r.fail(node, `a step needs one of: ${STEP_KINDS.join(', ')}`);
  const { key, value } = entry;
  const customer = e.has('from') ? customerRef(r, e.value('from'), ctx) : defaultCustomer;
  if (customer === undefined) return undefined;
  const label = `${kind}${isScalar(value) && value.value !== null ? ` ${JSON.stringify(value.value)}` : ''}`;
  const base = { pos, label, customer };
  const options = (known: string[]) => (isMap(value) ? r.map(value, kind, known) : undefined);
  switch (kind) {
    case 'say': {
      const o = options(['text']);
      const text = o
        ? o.has('text')
          ? r.string(o.value('text'), 'say.text')
          : r.fail(value, 'say needs text')
        : r.string(value, 'say');
      return text === undefined ? undefined : { ...base, kind, text };
    }
    case 'tap': {
      const choice = r.string(value, 'tap (a button or list row: its id or its title)');
      return choice === undefined ? undefined : { ...base, kind, choice };
    }
    case 'send': {
      const o = r.map(value, 'send', ['type', 'file', 'caption']);
      if (!o) return undefined;
      const type = o.has('type')
        ? r.string(o.value('type'), 'send.type')
        : r.fail(value, `send needs type: one of ${MEDIA_TYPES.join(', ')}`);
      const file = o.has('file')
        ? r.string(o.value('file'), 'send.file')
        : r.fail(value, 'send needs file: a path relative to the script');
      const caption = o.has('caption') ? r.string(o.value('caption'), 'send.caption') : undefined;
      const mediaType = MEDIA_TYPES.find((t) => t === type);
      if (type !== undefined && mediaType === undefined)
        return r.fail(
          o.value('type'),
          `send.type "${type}" is not one of ${MEDIA_TYPES.join(', ')}${nearest(type, MEDIA_TYPES)}`,
        );
      if (mediaType === undefined || file === undefined) return undefined;
      return {
        ...base,
        kind,
        type: mediaType,
        file: joinPath(ctx.scriptDir, file),
        caption,
        label: `send ${type} ${file}`,
      };
    }
    case 'location': {
      const o = r.map(value, 'location', ['latitude', 'longitude', 'name', 'address']);
      if (!o) return undefined;
      const lat = o.has('latitude')
        ? r.number(o.value('latitude'), 'location.latitude')
        : r.fail(value, 'location needs latitude');
      const lon = o.has('longitude')
        ? r.number(o.value('longitude'), 'location.longitude')
        : r.fail(value, 'location needs longitude');
      if (lat !== undefined && Math.abs(lat) > 90)
        r.fail(o.value('latitude'), 'location.latitude must be between -90 and 90');
      if (lon !== undefined && Math.abs(lon) > 180)
        r.fail(o.value('longitude'), 'location.longitude must be between -180 and 180');
      const name = o.has('name') ? r.string(o.value('name'), 'location.name') : undefined;
      const address = o.has('address') ? r.string(o.value('address'), 'location.address') : undefined;
      if (lat === undefined || lon === undefined) return undefined;
      return { ...base, kind, latitude: lat, longitude: lon, name, address, label: `location ${lat},${lon}` };
    }
    case 'wait': {
      const ms = r.duration(value, 'wait');
      return ms === undefined ? undefined : { ...base, kind, ms, text: String(isScalar(value) ? value.value : '') };
    }
    case 'expect': {
      const reply = readExpect(r, value, ctx);
      return reply ? { ...base, kind, reply, label: describeExpect(reply) } : undefined;
    }
    case 'expectNoReply':
    case 'expectRead': {
      const within = withinOf(r, value, kind, kind === 'expectNoReply' ? DEFAULT_NO_REPLY_MS : ctx.timeoutMs);
      return within === undefined ? undefined : { ...base, kind, withinMs: within };
    }
    case 'expectStatus': {
      if (isScalar(value)) {
        const status = r.string(value, 'expectStatus');
        if (status !== undefined && !STATUSES.includes(status))
          return r.fail(value, `expectStatus "${status}" is not one of ${STATUSES.join(', ')}`);
        return status === undefined ? undefined : { ...base, kind, status, withinMs: ctx.timeoutMs };
      }
      const o = r.map(value, 'expectStatus', ['status', 'code', 'within']);
      if (!o) return undefined;
      const status = o.has('status')
        ? r.string(o.value('status'), 'expectStatus.status')
        : r.fail(value, 'expectStatus needs status');
      if (status !== undefined && !STATUSES.includes(status))
        return r.fail(o.value('status'), `expectStatus.status "${status}" is not one of ${STATUSES.join(', ')}`);
      const code = o.has('code') ? r.number(o.value('code'), 'expectStatus.code') : undefined;
      const within = o.has('within') ? r.duration(o.value('within'), 'expectStatus.within') : ctx.timeoutMs;
      if (status === undefined || within === undefined) return undefined;
      return {
        ...base,
        kind,
        status,
        code,
        withinMs: within,
        label: `expectStatus ${status}${code ? ` ${code}` : ''}`,
      };
    }
    case 'expectError': {
      if (isScalar(value)) {
        const code = r.number(value, 'expectError (a Meta error code such as 131047)');
        return code === undefined ? undefined : { ...base, kind, code, withinMs: ctx.timeoutMs };
      }
      const o = r.map(value, 'expectError', ['code', 'within']);
      if (!o) return undefined;
      const code = o.has('code')
        ? r.number(o.value('code'), 'expectError.code')
        : r.fail(value, 'expectError needs code');
      const within = o.has('within') ? r.duration(o.value('within'), 'expectError.within') : ctx.timeoutMs;
      if (code === undefined || within === undefined) return undefined;
      return { ...base, kind, code, withinMs: within, label: `expectError ${code}` };
    }
  }
  void key;
}

function withinOf(r: Reader, value: Node | null, kind: string, fallback: number): number | undefined {
  if (value === null || (isScalar(value) && (value.value === null || value.value === true))) return fallback;
  if (isScalar(value)) return r.duration(value, kind);
  const o = r.map(value, kind, ['within']);
  if (!o) return undefined;
  return o.has('within') ? r.duration(o.value('within'), `${kind}.within`) : fallback;
}

function describeExpect(reply: ReplyExpectation): string {
  const parts = ['expect'];
  if (reply.type) parts.push(reply.type);
  if (reply.interactive) parts.push(reply.interactive);
  if (reply.text) {
    for (const [how, text] of Object.entries(reply.text))
      parts.push(how === 'equals' ? JSON.stringify(text) : `${how} ${JSON.stringify(text)}`);
  }
  if (reply.template) parts.push(`template ${reply.template.name}`);
  if (reply.buttons) parts.push(`buttons [${reply.buttons.join(', ')}]`);
  if (reply.rows) parts.push(`rows [${reply.rows.join(', ')}]`);
  return parts.join(' ');
}

export interface ParseResult {
  script?: Script;
  problems: ScriptProblem[];
}

/**
 * `file` names the script in results; `scriptDir` resolves relative paths (media files, bot.cwd).
 */
export function parseScript(text: string, file: string, scriptDir: string): ParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const r = new Reader(lines);
  for (const error of doc.errors) {
    const at = lines.linePos(error.pos[0]);
    r.problems.push({ line: at.line, column: at.col, message: firstLine(error.message) });
  }
  if (r.problems.length > 0) return { problems: r.problems };
  const top = r.map(doc.contents, 'the script', ['bot', 'customers', 'timeout', 'conversations']);
  if (!top) return { problems: r.problems };

  const timeoutMs = top.has('timeout')
    ? (r.duration(top.value('timeout'), 'timeout') ?? DEFAULT_TIMEOUT_MS)
    : DEFAULT_TIMEOUT_MS;
  const bot = top.has('bot') ? readBot(r, top.value('bot'), scriptDir) : undefined;
  const customers = top.has('customers') ? readCustomers(r, top.value('customers')) : [];
  if (customers.length === 0) customers.push(DEFAULT_CUSTOMER);
  const ctx: StepContext = { customers, timeoutMs, scriptDir };

  const conversations: Conversation[] = [];
  const list = top.get('conversations');
  if (!list) r.fail(doc.contents, 'the script needs conversations: a list of { name, steps }');
  else if (!isSeq(list.value)) r.fail(list.value, 'conversations must be a list of { name, customer?, steps }');
  else {
    for (const item of list.value.items.map(nodeOf)) {
      const e = r.map(item, 'conversation', ['name', 'customer', 'steps']);
      if (!e) continue;
      const name = e.has('name')
        ? r.string(e.value('name'), 'conversation.name')
        : r.fail(item, 'conversation needs name');
      const customer = e.has('customer')
        ? customerRef(r, e.value('customer'), ctx)
        : (customers[0] ?? DEFAULT_CUSTOMER).number;
      const stepsNode = e.get('steps');
      if (!stepsNode) {
        r.fail(item, 'conversation needs steps: a list such as - say: hi');
        continue;
      }
      if (!isSeq(stepsNode.value) || stepsNode.value.items.length === 0) {
        r.fail(stepsNode.value ?? stepsNode.key, 'steps must be a list with at least one step');
        continue;
      }
      const steps: Step[] = [];
      for (const stepNode of stepsNode.value.items.map(nodeOf)) {
        const step = customer === undefined ? undefined : readStep(r, stepNode, customer, ctx);
        if (step) steps.push(step);
      }
      if (name !== undefined && conversations.some((c) => c.name === name))
        r.fail(e.value('name'), `conversation "${name}" is named twice`);
      if (name !== undefined) conversations.push({ name, pos: r.pos(item), steps });
    }
  }
  if (r.problems.length > 0) return { problems: sortProblems(r.problems) };
  return { script: { file, bot, customers, conversations, timeoutMs }, problems: [] };
}

function sortProblems(problems: ScriptProblem[]): ScriptProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}
