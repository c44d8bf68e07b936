/**
 * The inspector's Phone view, server side and pure: which Graph calls are the bot's messages to a customer, the
 * chats they make with what the customer sent, and the ticks the status webhooks move. The page only renders
 * this data (with textContent): nothing here is HTML.
 */
import type { MetaError, TemplateDef } from '../local-meta/rules/types.js';
import { isRecord, recordAt } from '../json-narrow.js';

export type Tick = 'pending' | 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export interface PhoneMessage {
  /** The wamid Meta gave the message. */
  id: string;
  waId: string;
  /** 'in': the customer wrote it (the bot's inbox); 'out': the bot sent it. */
  dir: 'in' | 'out';
  at: number;
  /** Meta's message type: text, image, interactive, template, reaction, … */
  kind: string;
  /** The bot's Graph request body, or the customer's message as the phone sent it. */
  body: Record<string, unknown>;
  tick: Tick;
  error?: MetaError & { explanation: string };
  /** For templates: the registry's definition the page fills in (header, body, footer, buttons). */
  template?: TemplateDef;
}

export interface PhoneCustomer {
  waId: string;
  name: string;
}

export interface TypingEvent {
  waId: string;
  /** Meta shows the indicator until the reply or for 25 s, whichever comes first. */
  untilMs: number;
}

export const TYPING_MS = 25_000;

/** What each delivery error means for the person reading the chat, in one line. */
const EXPLANATIONS: Readonly<Record<number, string>> = {
  131047:
    'More than 24 hours since the customer last wrote: outside the service window only an approved template can be sent.',
  131026: 'Undeliverable: the number is not on WhatsApp, or the customer cannot receive this message.',
  131049: 'Meta held back this marketing message to keep the customer’s experience healthy; try later.',
  131050: 'The customer stopped marketing messages from this business.',
  131052: 'The customer’s media could not be downloaded.',
  131053: 'The media could not be uploaded or read.',
  130472: 'The customer’s number is in a Meta experiment: marketing messages are not delivered.',
  131009: 'A parameter value is not valid.',
  131000: 'Meta failed to send the message for an unknown reason.',
};

export function explainError(error: MetaError): string {
  return EXPLANATIONS[error.code] ?? error.details ?? error.title;
}

export interface GraphCallLike {
  method: string;
  path: string;
  status: number;
  request?: unknown;
  response?: unknown;
}

export type BotAction =
  { type: 'message'; message: PhoneMessage } | { type: 'read'; waId?: string; messageId: string; typing: boolean };

/** A Graph call that puts something on the customer's phone: an accepted send, or a read receipt (+ typing). */
export function botActionOf(
  call: GraphCallLike,
  at: number,
  templates: readonly TemplateDef[],
  findWaId: (wamid: string) => string | undefined,
): BotAction | undefined {
  if (call.method !== 'POST' || !/\/messages$/.test(call.path) || call.status !== 200) return undefined;
  const body = call.request;
  if (!isRecord(body)) return undefined;
  if (body.status === 'read' && typeof body.message_id === 'string') {
    return {
      type: 'read',
      waId: findWaId(body.message_id),
      messageId: body.message_id,
      typing: isRecord(body.typing_indicator),
    };
  }
  const response = call.response;
  const sent = recordAt(response, 'messages', 0);
  const contact = recordAt(response, 'contacts', 0);
  if (typeof sent?.id !== 'string' || typeof contact?.wa_id !== 'string') return undefined;
  const kind = typeof body.type === 'string' ? body.type : 'text';
  const message: PhoneMessage = { id: sent.id, waId: contact.wa_id, dir: 'out', at, kind, body, tick: 'pending' };
  if (kind === 'template' && isRecord(body.template)) {
    const t = body.template;
    const language = isRecord(t.language) ? t.language.code : undefined;
    const def = templates.find((d) => d.name === t.name && (language === undefined || d.language === language));
    if (def) message.template = def;
  }
  return { type: 'message', message };
}

/** A tick never goes back (a late `delivered` after `read` changes nothing); `failed` always shows. */
const ORDER: readonly Tick[] = ['pending', 'sent', 'delivered', 'read', 'played'];

export function nextTick(current: Tick, status: string): Tick {
  if (status === 'failed') return 'failed';
  if (current === 'failed') return current;
  const next = ORDER.find((tick) => tick === status);
  if (next === undefined) return current;
  return ORDER.indexOf(next) > ORDER.indexOf(current) ? next : current;
}

/** Kept per chat; older messages drop off (the event log keeps everything). */
const MAX_PER_CHAT = 5_000;

export class PhoneChats {
  private readonly customers = new Map<string, PhoneCustomer>();
  private readonly chats = new Map<string, PhoneMessage[]>();
  private readonly byId = new Map<string, PhoneMessage>();

  addCustomer(waId: string, name: string): PhoneCustomer {
    const known = this.customers.get(waId);
    if (known) {
      if (name) known.name = name;
      return known;
    }
    const customer = { waId, name: name || `+${waId}` };
    this.customers.set(waId, customer);
    return customer;
  }

  listCustomers(): PhoneCustomer[] {
    return [...this.customers.values()];
  }

  add(message: PhoneMessage): PhoneMessage {
    if (!this.customers.has(message.waId)) this.addCustomer(message.waId, '');
    const chat = this.chats.get(message.waId) ?? [];
    // In time order: the customer's message is known only after the webhook was answered, maybe after the reply.
    chat.splice(chat.findLastIndex((m) => m.at <= message.at) + 1, 0, message);
    const dropped = chat.length > MAX_PER_CHAT ? chat.shift() : undefined;
    if (dropped) this.byId.delete(dropped.id);
    this.chats.set(message.waId, chat);
    this.byId.set(message.id, message);
    return message;
  }

  find(id: string): PhoneMessage | undefined {
    return this.byId.get(id);
  }

  /** A status webhook local Meta sent: the message's new tick (undefined when the message is not ours). */
  applyStatus(wamid: string, status: string, error?: MetaError): PhoneMessage | undefined {
    const message = this.byId.get(wamid);
    if (!message) return undefined;
    message.tick = nextTick(message.tick, status);
    if (status === 'failed' && error) message.error = { ...error, explanation: explainError(error) };
    return message;
  }

  messages(waId?: string): PhoneMessage[] {
    if (waId !== undefined) return [...(this.chats.get(waId) ?? [])];
    return [...this.chats.values()].flat().sort((a, b) => a.at - b.at);
  }
}
