import { actionWith, checkBody } from './parts.js';
import { onlyKeys, oneOf, requiredString, type Json, type Run } from '../check.js';

// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/location-request-messages
// body.text required, maximum 1024; action.name "send_location"; the page shows no header or footer.
export function checkLocationRequestMessage(interactive: Json, run: Run): void {
  onlyKeys(interactive, 'interactive', ['type', 'body', 'action']);
  checkBody(interactive, run, 1024);
  const action = actionWith(interactive, ['name']);
  oneOf(requiredString(action, 'name', 'interactive.action'), 'interactive.action.name', ['send_location']);
}
