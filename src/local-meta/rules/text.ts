import { objectAt, onlyKeys, optionalBoolean, requiredString, type Run } from './check.js';

// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/text-messages
// body required, maximum 4096 characters; preview_url optional boolean.
export function checkText(node: unknown, _run: Run): void {
  const text = objectAt(node, 'text');
  onlyKeys(text, 'text', ['body', 'preview_url']);
  requiredString(text, 'body', 'text', 4096);
  optionalBoolean(text, 'preview_url', 'text');
}
