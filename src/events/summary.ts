/**
 * One human line per message, status or error in a webhook payload, e.g.
 * `← text from +16505551234 (Sheena) "Hello"` or `← status delivered wamid.HBgLMTY1…`.
 * Meta batches: entry[], changes[], messages[] and statuses[] are all arrays, so every level is walked.
 */
import { describeFieldChange, isObject, str, type Json } from './fields.js';

export type { Json };

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** A non-empty string: BSUID-only users arrive with `from: ""` and `wa_id: ""`. */
const filled = (v: unknown): string | undefined => {
  const s = str(v);
  return s === '' ? undefined : s;
};

/** Whitespace other than single inner spaces: only then is a replace pass needed (most texts have none). */
const NEEDS_FLATTENING = /[^\S ]| {2}|^ | $/;

function shorten(text: string, max = 60): string {
  const flat = NEEDS_FLATTENING.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function shortId(id: string | undefined): string {
  if (!id) return '?';
  return id.length > 20 ? `${id.slice(0, 18)}…` : id;
}

/** An edit of an edit is as far as Meta goes; anything deeper is not followed (no recursion without a bound). */
const MAX_EDIT_DEPTH = 4;

/** The human-visible content of a message, whatever its type. */
export function messageText(message: Json, depth = 0): string | undefined {
  const type = str(message.type) ?? '';
  const body = message[type];
  // An edit carries the new message inside: show its text.
  if (type === 'edit' && isObject(body) && isObject(body.message)) {
    return depth < MAX_EDIT_DEPTH ? messageText(body.message, depth + 1) : undefined;
  }
  if (!isObject(body)) return undefined;
  const interactive = isObject(body.button_reply)
    ? body.button_reply
    : isObject(body.list_reply)
      ? body.list_reply
      : undefined;
  const candidates = [body.body, body.caption, body.text, body.emoji, body.name, body.filename, interactive?.title];
  if (type === 'interactive' && isObject(body.nfm_reply)) candidates.unshift(body.nfm_reply.body);
  for (const c of candidates) if (typeof c === 'string' && c !== '') return c;
  return undefined;
}

/** The sender of an inbound message: the phone number, else the BSUID (username users). */
export function messageSender(message: Json): string | undefined {
  return filled(message.from) ?? filled(message.from_user_id);
}

/** The recipient of a status: the phone number or group, else the BSUID it was sent to. */
export function statusRecipient(status: Json): string | undefined {
  return filled(status.recipient_id) ?? filled(status.recipient_user_id);
}

const plus = (id: string) => (/^\d+$/.test(id) ? `+${id}` : id);

function describeMessage(message: Json, names: Map<string, string>): string {
  const type = str(message.type) ?? 'message';
  const from = messageSender(message) ?? '?';
  const name = names.get(from);
  const text = messageText(message);
  const who = `${plus(from)}${name ? ` (${shorten(name, 24)})` : ''}`;
  const context = isObject(message.context) ? message.context : {};
  const extra =
    (context.frequently_forwarded ? ' [frequently forwarded]' : context.forwarded ? ' [forwarded]' : '') +
    (filled(message.group_id) ? ` in group ${shortId(filled(message.group_id))}` : '');
  return `← ${type} from ${who}${extra}${text !== undefined ? ` "${shorten(text)}"` : ''}`;
}

/** What the business sent from the WhatsApp Business app (coexistence echoes). */
function describeEcho(echo: Json): string {
  const text = messageText(echo);
  const to = filled(echo.to) ?? filled(echo.to_user_id) ?? '?';
  // Not "echo": that word is the `--echo` bot's (its replies print as `echo reply to …`).
  return `→ ${str(echo.type) ?? 'message'} sent from the Business app to ${plus(to)}${text !== undefined ? ` "${shorten(text)}"` : ''}`;
}

function describeStatus(status: Json): string {
  const errors = asArray(status.errors).filter(isObject);
  const error = errors[0]
    ? ` error ${str(errors[0].code) ?? '?'} ${shorten(str(errors[0].title) ?? str(errors[0].message) ?? '', 40)}`
    : '';
  const to = statusRecipient(status) ?? '?';
  const group = str(status.recipient_type) === 'group' ? 'group ' : '';
  return `← status ${str(status.status) ?? '?'} ${shortId(str(status.id))} to ${group}${shortId(to)}${error}`;
}

/** A click on a marketing message (messages field, `user_actions[]`): which part, and the click id. */
function describeUserAction(action: Json): string {
  const data = isObject(action.marketing_messages_link_click_data) ? action.marketing_messages_link_click_data : {};
  const component = str(data.click_component);
  const what = str(action.action_type) === 'marketing_messages_link_click' ? 'click' : (str(action.action_type) ?? '?');
  return `← ${what}${component ? ` on ${component}` : ''} of a marketing message${data.click_id ? ` ${str(data.click_id)}` : ''}`;
}

/**
 * Lines per record at most: one body of 300,000 messages must not print 300,000 terminal lines (the live
 * budget counts records) nor make a 15 MB inspector row. The rest is counted in one closing line.
 */
export const MAX_SUMMARY_LINES = 20;

/** An array that keeps the first MAX_SUMMARY_LINES lines and counts the others without building them. */
class CappedLines {
  readonly lines: string[] = [];
  more = 0;
  get full(): boolean {
    return this.lines.length >= MAX_SUMMARY_LINES;
  }
  push(...lines: string[]): void {
    for (const line of lines)
      if (this.full) this.more++;
      else this.lines.push(line);
  }
  /** Adds every item of `list` through `describe`, but only describes what will be shown. */
  each<T>(list: T[], describe: (item: T) => string): void {
    for (const item of list) {
      if (this.full) {
        this.more += list.length - list.indexOf(item);
        return;
      }
      this.lines.push(describe(item));
    }
  }
}

export function summarizePayload(payload: unknown): string[] {
  if (!isObject(payload)) return ['← JSON that is not an object'];
  const capped = new CappedLines();
  const lines = capped;
  for (const entry of asArray(payload.entry).filter(isObject)) {
    for (const change of asArray(entry.changes).filter(isObject)) {
      const field = str(change.field) ?? '?';
      const value = isObject(change.value) ? change.value : {};
      const echoes = asArray(value.message_echoes).filter(isObject);
      lines.each(echoes, describeEcho);
      if (field !== 'messages') {
        if (echoes.length === 0) lines.push(...describeFieldChange(field, value));
        continue;
      }
      const names = new Map<string, string>();
      for (const c of asArray(value.contacts).filter(isObject)) {
        const id = filled(c.wa_id) ?? filled(c.user_id);
        const name = isObject(c.profile) ? str(c.profile.name) : undefined;
        if (id && name) names.set(id, name);
      }
      lines.each(asArray(value.messages).filter(isObject), (m) => describeMessage(m, names));
      lines.each(asArray(value.statuses).filter(isObject), describeStatus);
      lines.each(asArray(value.user_actions).filter(isObject), describeUserAction);
      lines.each(
        asArray(value.errors).filter(isObject),
        (e) => `← error ${str(e.code) ?? '?'} ${shorten(str(e.title) ?? str(e.message) ?? '', 50)}`,
      );
    }
  }
  const out = capped.lines;
  if (out.length === 0) out.push(`← ${str(payload.object) ?? 'unknown'} payload without messages or statuses`);
  if (capped.more > 0)
    out.push(`… and ${capped.more.toLocaleString('en-US')} more in this request (wa-hook events show)`);
  return out;
}
