/**
 * A customer's message from JSON (the control route's body): each kind's fields checked before local Meta
 * builds a webhook from it, so a wrong field is a 400 that names it, not a crash while rendering. Pure: no I/O.
 */
import { isRecord, type JsonObject } from '../json-narrow.js';
import type { CustomerMessage, SharedContact } from './customer-webhooks.js';

const MEDIA = ['image', 'document', 'audio', 'video', 'sticker'] as const;
type MediaKind = (typeof MEDIA)[number];
export const isMediaKind = (type: unknown): type is MediaKind => MEDIA.some((kind) => kind === type);

/** The message, or a sentence saying what is missing or of the wrong type. */
export function parseCustomerMessage(value: unknown): CustomerMessage | string {
  if (!isRecord(value)) return 'message must be a JSON object';
  const { type, from } = value;
  if (typeof from !== 'string' || from === '') return "message.from must be the customer's phone number";
  const text = (key: string) => (typeof value[key] === 'string' ? value[key] : undefined);
  const bad = (key: string) => value[key] !== undefined && typeof value[key] !== 'string';
  const optional = (key: 'contextId' | 'caption' | 'name' | 'address') => {
    const v = text(key);
    return v === undefined ? {} : { [key]: v };
  };
  switch (type) {
    case 'text': {
      const body = text('text');
      const { forwarded } = value;
      if (body === undefined || bad('contextId')) return 'a text message needs "text" (and "contextId" as a string)';
      if (forwarded !== undefined && forwarded !== 'forwarded' && forwarded !== 'frequently')
        return 'message.forwarded must be "forwarded" or "frequently"';
      return { type, from, text: body, ...optional('contextId'), ...(forwarded ? { forwarded } : {}) };
    }
    case 'button_reply':
    case 'list_reply': {
      const [id, title, contextId] = [text('id'), text('title'), text('contextId')];
      if (id === undefined || title === undefined || contextId === undefined)
        return `a ${type} needs "id", "title" and "contextId"`;
      return { type, from, id, title, contextId };
    }
    case 'button': {
      const [payload, body, contextId] = [text('payload'), text('text'), text('contextId')];
      if (payload === undefined || body === undefined || contextId === undefined)
        return 'a button tap needs "payload", "text" and "contextId"';
      return { type, from, payload, text: body, contextId };
    }
    case 'location': {
      const { latitude, longitude } = value;
      if (typeof latitude !== 'number' || typeof longitude !== 'number' || bad('name') || bad('address'))
        return 'a location needs numbers "latitude" and "longitude" (and "name", "address" as strings)';
      return { type, from, latitude, longitude, ...optional('name'), ...optional('address'), ...optional('contextId') };
    }
    case 'reaction': {
      const [messageId, emoji] = [text('messageId'), text('emoji')];
      if (messageId === undefined || emoji === undefined) return 'a reaction needs "messageId" and "emoji"';
      return { type, from, messageId, emoji };
    }
    case 'contacts': {
      const contacts = Array.isArray(value.contacts) ? value.contacts.map(contactOf) : [];
      if (contacts.length === 0 || contacts.some((c) => c === undefined))
        return 'contacts needs cards, each with a "name" and a "phone" (and "waId" as a string)';
      return { type, from, contacts: contacts.filter((c) => c !== undefined) };
    }
    default: {
      if (!isMediaKind(type)) return `no customer message of type ${JSON.stringify(type)}`;
      const file = text('file');
      if (file === undefined || bad('caption')) return `a ${type} needs "file" (and "caption" as a string)`;
      return { type, from, file, ...optional('caption') };
    }
  }
}

function contactOf(card: unknown): SharedContact | undefined {
  if (!isRecord(card)) return undefined;
  const { name, phone, waId }: JsonObject = card;
  if (typeof name !== 'string' || typeof phone !== 'string') return undefined;
  if (waId !== undefined && typeof waId !== 'string') return undefined;
  return { name, phone, ...(waId ? { waId } : {}) };
}
