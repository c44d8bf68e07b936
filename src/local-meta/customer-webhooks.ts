/**
 * What a customer sends, as the exact webhook `send-sample` would send: the messages/ template of that kind,
 * rendered with this customer's ids, then only the parts the customer chose (the tapped button, the file's
 * media id and type, the pin) set on the rendered object.
 */
import { renderTemplate, type Template } from '../samples/render.js';
import { isRecord, recordAt, recordOr, recordsIn, type JsonObject } from '../json-narrow.js';

/** A contact card the customer shares (Meta's `contacts[]`: name, and a phone with its wa_id when on WhatsApp). */
export interface SharedContact {
  name: string;
  phone: string;
  waId?: string;
}

export type CustomerMessage =
  /** `forwarded`: the text came from another chat (`frequently`: forwarded more than 5 times). */
  | { type: 'text'; from: string; text: string; contextId?: string; forwarded?: 'forwarded' | 'frequently' }
  | { type: 'button_reply' | 'list_reply'; from: string; id: string; title: string; contextId: string }
  /** A tap on a template's quick-reply button: Meta's `type: "button"` message with the button's payload and text. */
  | { type: 'button'; from: string; payload: string; text: string; contextId: string }
  | { type: 'image' | 'document' | 'audio' | 'video' | 'sticker'; from: string; file: string; caption?: string }
  /** `contextId`: the bot's location request message the customer answered with "Send location". */
  | {
      type: 'location';
      from: string;
      latitude: number;
      longitude: number;
      name?: string;
      address?: string;
      contextId?: string;
    }
  /** An empty `emoji` removes the customer's reaction. */
  | { type: 'reaction'; from: string; messageId: string; emoji: string }
  | { type: 'contacts'; from: string; contacts: SharedContact[] };

/** The send-sample template each kind is built from. */
export function customerTemplateName(message: CustomerMessage): string {
  switch (message.type) {
    case 'text':
      if (message.forwarded) return message.forwarded === 'frequently' ? 'frequently-forwarded' : 'forwarded';
      return message.contextId ? 'reply' : 'text';
    case 'button_reply':
      return 'button-reply';
    case 'list_reply':
      return 'list-reply';
    case 'button':
      return 'template-button';
    case 'location':
      return message.contextId ? 'location-reply' : 'location';
    case 'reaction':
      return message.emoji === '' ? 'unreaction' : 'reaction';
    default:
      return message.type;
  }
}

/** Meta's contact object for a shared card, in the key order of the contacts template. */
function contactCard(contact: SharedContact): Json {
  const [first, ...rest] = contact.name.trim().split(/\s+/);
  const name: Json = { formatted_name: contact.name.trim(), first_name: first ?? '' };
  if (rest.length) name.last_name = rest.join(' ');
  const phone: Json = { phone: contact.phone };
  if (contact.waId) phone.wa_id = contact.waId;
  phone.type = 'CELL';
  return { name, phones: [phone] };
}

export interface InboundFacts {
  wabaId: string;
  phoneNumberId: string;
  businessNumber: string;
  waId: string;
  bsuid: string;
  name: string;
  wamid: string;
  at: number;
  /** An uploaded file standing in for the customer's media. */
  media?: { id: string; mimeType: string; sha256: string; url: string; fileName: string };
}

type Json = JsonObject;

export function buildCustomerPayload(template: Template, message: CustomerMessage, facts: InboundFacts): unknown {
  const contextId =
    message.type === 'reaction'
      ? message.messageId
      : 'contextId' in message && message.contextId
        ? message.contextId
        : 'wamid.unused';
  const text = message.type === 'text' ? message.text : 'caption' in message ? (message.caption ?? '') : '';
  const payload = renderTemplate(template, {
    ...template.defaults,
    waba_id: facts.wabaId,
    phone_number_id: facts.phoneNumberId,
    display_phone_number: facts.businessNumber,
    from: facts.waId,
    user_id: facts.bsuid,
    name: facts.name,
    wamid: facts.wamid,
    context_wamid: contextId,
    media_id: facts.media?.id ?? '0',
    text,
    timestamp: String(Math.floor(facts.at / 1000)),
    timestamp_plus_1d: String(Math.floor(facts.at / 1000) + 86_400),
  });
  // The template is a file: say which part it lacks rather than fail on an undefined below.
  const part = (...path: string[]): Json =>
    recordAt(payload, 'entry', 0, 'changes', 0, 'value', 'messages', 0, ...path) ??
    missing(template, ['entry[0].changes[0].value.messages[0]', ...path].join('.'));
  const sent = part();
  switch (message.type) {
    case 'button_reply':
    case 'list_reply': {
      const reply = part('interactive', message.type);
      reply.id = message.id;
      reply.title = message.title;
      if (message.type === 'list_reply') delete reply.description;
      break;
    }
    case 'location': {
      // The template's key order (Meta's own differs between the two pages), the customer's values.
      const location = part('location');
      location.latitude = message.latitude;
      location.longitude = message.longitude;
      for (const key of ['name', 'address'] as const) {
        if (message[key] !== undefined) location[key] = message[key];
        else delete location[key];
      }
      delete location.url; // only for a business's own place
      break;
    }
    case 'button': {
      const button = part('button');
      button.payload = message.payload;
      button.text = message.text;
      break;
    }
    case 'reaction':
      if (message.emoji !== '') part('reaction').emoji = message.emoji;
      break;
    case 'contacts':
      sent.contacts = message.contacts.map(contactCard);
      break;
    case 'image':
    case 'document':
    case 'audio':
    case 'video':
    case 'sticker': {
      const node = part(message.type);
      if (facts.media) {
        node.mime_type = facts.media.mimeType;
        node.sha256 = facts.media.sha256;
        node.url = facts.media.url;
        if (message.type === 'document') node.filename = facts.media.fileName;
      }
      if ('caption' in node && message.caption === undefined) delete node.caption;
      break;
    }
    default:
      break;
  }
  return payload;
}

function missing(template: Template, path: string): never {
  throw new Error(`template ${template.name} has no object at ${path}`);
}

/** Inbound messages of any webhook payload (send-sample, the inspector, a scenario): who wrote, which wamid, when. */
export function inboundMessagesOf(
  payload: unknown,
): Array<{ waId: string; bsuid?: string; wamid: string; at: number; name?: string }> {
  const out: Array<{ waId: string; bsuid?: string; wamid: string; at: number; name?: string }> = [];
  for (const entry of recordsIn(recordOr(payload).entry)) {
    for (const change of recordsIn(entry.changes)) {
      const value = change.value;
      if (!isRecord(value) || !Array.isArray(value.messages)) continue;
      const names = new Map<string, string>();
      for (const c of recordsIn(value.contacts)) {
        const name = recordOr(c.profile).name;
        if (typeof c.wa_id === 'string' && typeof name === 'string') names.set(c.wa_id, name);
      }
      for (const m of recordsIn(value.messages)) {
        const waId = typeof m.from === 'string' ? m.from : '';
        const bsuid = typeof m.from_user_id === 'string' && m.from_user_id !== '' ? m.from_user_id : undefined;
        const sender = waId || bsuid;
        if (!sender || typeof m.id !== 'string' || m.type === 'system') continue;
        const seconds = Number(m.timestamp);
        out.push({
          waId: sender,
          bsuid,
          wamid: m.id,
          at: Number.isFinite(seconds) ? seconds * 1000 : Number.NaN,
          name: names.get(waId),
        });
      }
    }
  }
  return out;
}
