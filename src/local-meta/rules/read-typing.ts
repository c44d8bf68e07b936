import { objectAt, onlyKeys, oneOf, refuse, requiredString, type Json, type Run } from './check.js';

// Mark as read: https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/mark-message-as-read
// Typing indicator: https://developers.facebook.com/documentation/business-messaging/whatsapp/typing-indicators
// { messaging_product, status: "read", message_id, typing_indicator?: { type: "text" } }

export function isReadReceipt(body: Json): boolean {
  return body.status !== undefined && body.type === undefined;
}

/** The wa_id of the chat the read receipt is for, when local Meta knows the message. */
export function checkReadReceipt(body: Json, run: Omit<Run, 'to' | 'bsuid'>): string {
  onlyKeys(body, '', ['messaging_product', 'status', 'message_id', 'typing_indicator', 'recipient_type', 'to']);
  if (body.status !== 'read') refuse(100, `status must be "read", got ${JSON.stringify(body.status)}`);
  const messageId = requiredString(body, 'message_id', '');
  if (body.typing_indicator !== undefined) {
    const typing = objectAt(body.typing_indicator, 'typing_indicator');
    onlyKeys(typing, 'typing_indicator', ['type']);
    oneOf(requiredString(typing, 'type', 'typing_indicator'), 'typing_indicator.type', ['text']);
  }
  const message = run.ctx.findMessage(messageId);
  if (message === undefined) {
    run.warnings.push(
      `message_id ${messageId} is no message local Meta has seen; Meta's answer for that is not documented`,
    );
    return '';
  }
  if (message.direction !== 'inbound') {
    run.warnings.push(
      `message_id ${messageId} is a message the business sent; Meta marks messages the business received`,
    );
  }
  return message.waId;
}
