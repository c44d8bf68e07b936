import { WHATSAPP_FIELDS } from './fields.js';
/**
 * Every word `wa-hook events --type` (and the inspector's filter) can match: record kinds, message types,
 * status values and webhook fields. A word outside this list can never
 * match, so it is a typo to point out, not an empty result.
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview
 */
export const MAIN_TYPES: readonly string[] = [
  'message',
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'button',
  'reaction',
  'order',
  'system',
  'unsupported',
  'status',
  'sent',
  'delivered',
  'read',
  'failed',
  'error',
  'event',
  'verification',
  'rejected',
  'probe',
  'graph',
];

const OTHER_TYPES: readonly string[] = [
  'unknown',
  'request_welcome',
  'deleted',
  'warning',
  'played',
  // What the business sent from the WhatsApp Business app (Meta's message echoes).
  'app-sent',
  // Every other webhook field is a type too (`messages` itself is not: its events are typed by what they carry).
  ...WHATSAPP_FIELDS.filter((field) => field !== 'messages'),
];

export const KNOWN_TYPES: ReadonlySet<string> = new Set([...MAIN_TYPES, ...OTHER_TYPES]);

/** The words of `--type` that can never match. */
export function unknownTypes(types: readonly string[]): string[] {
  return types.filter((t) => !KNOWN_TYPES.has(t));
}
