import { metaError } from './meta-errors.js';
import { objectAt, onlyKeys, refuse, requiredString, type Run } from './check.js';
import type { MetaError } from './types.js';

// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/reaction-messages
// message_id and emoji required. A reaction to a message that does not exist in the chat (or is itself a
// reaction) is accepted, then fails with a messages webhook carrying 131009: a delivery error, not an HTTP one.
// An empty emoji removes a reaction (not on that page; peers and clients send it), so it is accepted.
export function checkReaction(node: unknown, run: Run): MetaError | undefined {
  const reaction = objectAt(node, 'reaction');
  onlyKeys(reaction, 'reaction', ['message_id', 'emoji']);
  const messageId = requiredString(reaction, 'message_id', 'reaction');
  const emoji = reaction.emoji;
  if (emoji === undefined) refuse(131008, "Parameter 'reaction.emoji' is required");
  if (typeof emoji !== 'string') refuse(100, 'reaction.emoji must be a string (the emoji or its \\u escape)');
  if ([...emoji].length > 10) refuse(100, `reaction.emoji must be one emoji, got "${emoji}"`);
  const target = run.ctx.findMessage(messageId);
  if (target === undefined || target.waId !== run.to) {
    return metaError(
      131009,
      `reaction.message_id ${messageId} is no message in the chat with ${run.to} (unknown, deleted, older than 30 days or a reaction)`,
    );
  }
  return undefined;
}
