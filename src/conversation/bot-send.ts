/**
 * The bot's Graph API calls, read as what a person checks in a conversation: a message sent to a customer
 * (its type, text, buttons, rows, template) or a read receipt. Pure: works on the recorded call.
 */
import { isRecord, type JsonObject } from '../json-narrow.js';
import type { GraphCall } from '../local-meta/graph/call.js';
import type { TemplateDef } from '../local-meta/rules/types.js';

/** A Graph API call as local Meta records it; its one-line summary is not read here. */
export type RecordedCall = Omit<GraphCall, 'summary'>;

export interface MetaErrorInfo {
  code: number;
  message: string;
  details?: string;
}

/** One POST /{phone-number-id}/messages that sends a message (not a read receipt). */
export interface BotSend {
  /** Digits of `to`, as the bot wrote it. */
  to: string;
  type: string;
  body: Record<string, unknown>;
  /** Meta's id when accepted. */
  wamid?: string;
  /** Meta's refusal, when the HTTP answer was an error. */
  error?: MetaErrorInfo;
  httpStatus: number;
  method: string;
  path: string;
  /** Meta's answer as recorded. */
  response?: unknown;
}

/** One POST /messages with `status: "read"` (with or without the typing indicator). */
export interface BotRead {
  messageId: string;
  typing: boolean;
  httpStatus: number;
  error?: MetaErrorInfo;
}

export type BotCall = { kind: 'send'; send: BotSend } | { kind: 'read'; read: BotRead };

export function jsonOf(value: unknown): unknown {
  if (typeof value === 'string' || value instanceof Uint8Array) {
    try {
      return JSON.parse(typeof value === 'string' ? value : Buffer.from(value).toString('utf8'));
    } catch {
      return undefined;
    }
  }
  return value;
}

/** A scalar as text; objects (a malformed payload) as "". */
function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : fallback;
}

function record(value: unknown): JsonObject | undefined {
  return isRecord(value) ? value : undefined;
}

export function metaErrorOf(response: unknown): MetaErrorInfo | undefined {
  const error = record(record(jsonOf(response))?.error);
  if (!error || typeof error.code !== 'number') return undefined;
  const data = record(error.error_data);
  return {
    code: error.code,
    message: typeof error.message === 'string' ? error.message : `(#${error.code})`,
    details: typeof data?.details === 'string' ? data.details : undefined,
  };
}

/** undefined for calls that are not sends to /messages (media uploads, template reads, …). */
export function readBotCall(call: RecordedCall): BotCall | undefined {
  if (call.method.toUpperCase() !== 'POST' || !/\/messages\/?(\?|$)/.test(call.path)) return undefined;
  const body = record(jsonOf(call.request));
  if (!body) return undefined;
  const error =
    call.status >= 400 ? (metaErrorOf(call.response) ?? { code: 0, message: `HTTP ${call.status}` }) : undefined;
  if (body.status === 'read') {
    return {
      kind: 'read',
      read: {
        messageId: str(body.message_id),
        typing: record(body.typing_indicator) !== undefined,
        httpStatus: call.status,
        error,
      },
    };
  }
  const messages = record(jsonOf(call.response))?.messages;
  const first = Array.isArray(messages) ? record(messages[0]) : undefined;
  return {
    kind: 'send',
    send: {
      to: str(body.to).replace(/\D/g, ''),
      type: typeof body.type === 'string' ? body.type : 'text',
      body,
      wamid: typeof first?.id === 'string' ? first.id : undefined,
      error,
      httpStatus: call.status,
      method: call.method.toUpperCase(),
      path: call.path,
      response: jsonOf(call.response),
    },
  };
}

/** The words a customer reads: text body, media caption, interactive body, or a template's body parameters. */
export function textOf(send: BotSend): string | undefined {
  const body = send.body;
  const part = record(body[send.type]);
  if (send.type === 'text') return typeof part?.body === 'string' ? part.body : undefined;
  if (send.type === 'interactive') {
    const text = record(part?.body)?.text;
    return typeof text === 'string' ? text : undefined;
  }
  if (typeof part?.caption === 'string') return part.caption;
  return undefined;
}

export function interactiveKindOf(send: BotSend): string | undefined {
  const type = record(send.body.interactive)?.type;
  return send.type === 'interactive' && typeof type === 'string' ? type : undefined;
}

export interface Choice {
  /** The reply id, the list row id, or a template quick reply's payload. */
  id: string;
  title: string;
  /** The inbound message a tap sends: an interactive reply, or a template button (`type: "button"`). */
  kind: 'button_reply' | 'list_reply' | 'button';
}

/**
 * What a customer can tap in the bot's message, in order: reply buttons, list rows, or the quick-reply buttons of
 * a template (their texts from the registry `templates`).
 */
export function choicesOf(send: BotSend, templates: readonly TemplateDef[] = []): Choice[] {
  if (send.type === 'template') return quickRepliesOf(send, templates);
  const interactive = record(send.body.interactive);
  const action = record(interactive?.action);
  if (!action) return [];
  if (interactive?.type === 'button' && Array.isArray(action.buttons)) {
    return action.buttons.flatMap((b) => {
      const reply = record(record(b)?.reply);
      return reply ? [{ id: str(reply.id), title: str(reply.title), kind: 'button_reply' as const }] : [];
    });
  }
  if (interactive?.type === 'list' && Array.isArray(action.sections)) {
    return action.sections.flatMap((s) => {
      const rows = record(s)?.rows;
      return Array.isArray(rows)
        ? rows.map((row) => {
            const r = record(row) ?? {};
            return { id: str(r.id), title: str(r.title), kind: 'list_reply' as const };
          })
        : [];
    });
  }
  return [];
}

/**
 * A template's QUICK_REPLY buttons with the payload the send gave each (`{type: "button", sub_type: "quick_reply",
 * index, parameters: [{type: "payload", payload}]}`); without one, Meta sends the button's text back as the payload
 * (seen in the webhooks of david-lev/pywa#17).
 */
function quickRepliesOf(send: BotSend, templates: readonly TemplateDef[]): Choice[] {
  const used = templateOf(send);
  const def = used && templates.find((t) => t.name === used.name && (!used.language || t.language === used.language));
  if (!def) return [];
  const payloads = new Map<number, string>();
  const components = record(send.body.template)?.components;
  for (const item of Array.isArray(components) ? components : []) {
    const component = record(item);
    if (component?.type !== 'button' || component.sub_type !== 'quick_reply') continue;
    const parameters = Array.isArray(component.parameters) ? component.parameters : [];
    const payload = record(parameters[0])?.payload;
    if (typeof payload === 'string') payloads.set(Number(component.index), payload);
  }
  const buttons = def.components.map(record).find((c) => c?.type === 'BUTTONS')?.buttons;
  return (Array.isArray(buttons) ? buttons : []).flatMap((item, index) => {
    const button = record(item);
    if (button?.type !== 'QUICK_REPLY') return [];
    const title = str(button.text);
    return [{ id: payloads.get(index) ?? title, title, kind: 'button' as const }];
  });
}

export interface TemplateUse {
  name: string;
  language?: string;
  /** Every parameter's text, in order: header, body, then buttons (as Meta fills them). */
  parameters: string[];
}

export function templateOf(send: BotSend): TemplateUse | undefined {
  const template = record(send.body.template);
  if (send.type !== 'template' || !template) return undefined;
  const language = record(template.language)?.code;
  const parameters: string[] = [];
  for (const component of Array.isArray(template.components) ? template.components : []) {
    const params = record(component)?.parameters;
    for (const p of Array.isArray(params) ? params : []) {
      const param = record(p) ?? {};
      const type = str(param.type, 'text');
      const value = param[type];
      const nested = record(value);
      parameters.push(
        typeof value === 'string' || typeof value === 'number'
          ? String(value)
          : str(nested?.fallback_value ?? nested?.link ?? nested?.id ?? param.payload, JSON.stringify(value ?? param)),
      );
    }
  }
  return {
    name: str(template.name),
    language: typeof language === 'string' ? language : undefined,
    parameters,
  };
}
