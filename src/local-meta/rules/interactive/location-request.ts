import { checkBody } from './parts.js';
import { objectAt, onlyKeys, oneOf, requiredString, type Json, type Run } from '../check.js';

// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/location-request-messages
// body.text required, maximum 1024; action.name "send_location"; the page shows no header or footer.
export function checkLocationRequestMessage(interactive: Json, run: Run): void {
  onlyKeys(interactive, 'interactive', ['type', 'body', 'action']);
  checkBody(interactive, run, 1024);
  const action = objectAt(interactive.action, 'interactive.action');
  onlyKeys(action, 'interactive.action', ['name']);
  oneOf(requiredString(action, 'name', 'interactive.action'), 'interactive.action.name', ['send_location']);
}
