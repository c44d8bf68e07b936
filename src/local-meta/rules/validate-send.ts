import { checkContacts } from './contacts.js';
import { checkInteractive } from './interactive/interactive.js';
import { checkLocation } from './location.js';
import { checkMedia } from './media.js';
import { metaError } from './meta-errors.js';
import { checkReaction } from './reaction.js';
import { checkReadReceipt, isReadReceipt } from './read-typing.js';
import { readRecipient } from './recipient.js';
import { checkTemplate } from './template/template.js';
import { checkText } from './text.js';
import { isObject, onlyKeys, refuse, Refusal, requiredString, type Json, type Run } from './check.js';
import type { MetaError, SendContext, SendDecision } from './types.js';

// The envelope of POST /{phone-number-id}/messages, from
// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages:
// messaging_product "whatsapp" (required), recipient_type "individual" (optional), to, type, the type's object,
// optional context.message_id and biz_opaque_callback_data (maximum 512 characters). Non-template messages need an
// open customer service window; outside it Meta answers 200 and the message fails later with 131047.

const KINDS: Readonly<Record<string, (node: unknown, run: Run) => MetaError | void>> = {
  text: checkText,
  image: (node, run) => checkMedia('image', node, run),
  audio: (node, run) => checkMedia('audio', node, run),
  video: (node, run) => checkMedia('video', node, run),
  document: (node, run) => checkMedia('document', node, run),
  sticker: (node, run) => checkMedia('sticker', node, run),
  location: checkLocation,
  contacts: checkContacts,
  interactive: checkInteractive,
  reaction: checkReaction,
};
const ENVELOPE = [
  'messaging_product',
  'recipient_type',
  'to',
  'recipient',
  'type',
  'context',
  'biz_opaque_callback_data',
];

/** Judges one POST /{phone-number-id}/messages body as Meta would. */
export function validateSend(body: unknown, ctx: SendContext): SendDecision {
  const warnings: string[] = [];
  try {
    return { ...judge(body, ctx, warnings), warnings };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, error: error.error, warnings };
    throw error;
  }
}

function judge(
  body: unknown,
  ctx: SendContext,
  warnings: string[],
): Omit<Extract<SendDecision, { ok: true }>, 'warnings'> {
  if (!isObject(body)) refuse(100, 'The request body must be a JSON object');
  const product = body.messaging_product;
  if (product === undefined) refuse(131008, "Parameter 'messaging_product' is required");
  if (product !== 'whatsapp')
    refuse(100, `Param messaging_product must be one of {WHATSAPP} - got ${JSON.stringify(product)}.`);
  if (isReadReceipt(body)) {
    const to = checkReadReceipt(body, { ctx, warnings });
    return { ok: true, to, kind: 'read', category: 'service' };
  }
  const type = body.type === undefined ? 'text' : requiredString(body, 'type', '');
  if (body.type === undefined) warnings.push('type is missing: Meta reads the message as text');
  const check = KINDS[type];
  if (check === undefined && type !== 'template') refuse(131051, `type "${type}" is not a message type Meta sends`);
  if (body[type] === undefined) refuse(100, `Parameter '${type}' is mandatory for type '${type}'`);
  onlyKeys(body, '', [...ENVELOPE, type]);
  checkEnvelope(body, type);
  const recipient = readRecipient(body.to, body.recipient, ctx.businessNumber, (waId) =>
    ctx.knownCustomer ? ctx.knownCustomer(waId) : ctx.windowOpen(waId),
  );
  warnings.push(...recipient.warnings);
  const run: Run = { ctx, warnings, to: recipient.id, bsuid: recipient.bsuid };
  if (type === 'template') {
    return { ok: true, to: recipient.id, kind: type, ...checkTemplate(jsonEncoded(body[type], type, warnings), run) };
  }
  const deliveryError =
    check?.(jsonEncoded(body[type], type, warnings), run) ??
    run.deliveryError ??
    (ctx.windowOpen(recipient.id)
      ? undefined
      : metaError(
          131047,
          `${recipient.id} last wrote more than 24 hours ago: outside the window only templates are delivered`,
        ));
  return { ok: true, to: recipient.id, kind: type, category: 'service', ...(deliveryError ? { deliveryError } : {}) };
}

/**
 * Graph API reads a JSON-encoded string as the object or array it encodes (whatsapp-api-js sends `contacts` so),
 * so such a string is judged as what it holds.
 */
function jsonEncoded(node: unknown, path: string, warnings: string[]): unknown {
  if (typeof node !== 'string') return node;
  try {
    const decoded: unknown = JSON.parse(node);
    if (typeof decoded !== 'object' || decoded === null) return node;
    warnings.push(
      `${path} is a JSON-encoded string; Graph API reads it as the ${Array.isArray(decoded) ? 'array' : 'object'} it holds`,
    );
    return decoded;
  } catch {
    return node;
  }
}

function checkEnvelope(body: Json, type: string): void {
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
    refuse(
      100,
      `recipient_type must be "individual" (groups are not modelled), got ${JSON.stringify(body.recipient_type)}`,
    );
  }
  if (body.context !== undefined) {
    if (type === 'reaction') refuse(100, 'context is not allowed on a reaction: a reaction cannot be a reply');
    const context = body.context;
    if (!isObject(context)) refuse(100, 'context must be a JSON object');
    onlyKeys(context, 'context', ['message_id']);
    requiredString(context, 'message_id', 'context');
  }
  const opaque = body.biz_opaque_callback_data;
  if (opaque !== undefined && (typeof opaque !== 'string' || [...opaque].length > 512)) {
    refuse(100, 'biz_opaque_callback_data must be a string of at most 512 characters');
  }
}
