import { checkHeaderBodyFooter } from './parts.js';
import { httpUrl, objectAt, onlyKeys, oneOf, requiredString, type Json, type Run } from '../check.js';

// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-cta-url-messages
// action.name "cta_url"; parameters.display_text required, maximum 20; parameters.url required; body required,
// maximum 1024; header text (maximum 60), image, video or document; footer maximum 60.
export function checkCtaUrlMessage(interactive: Json, run: Run): void {
  checkHeaderBodyFooter(interactive, run, ['text', 'image', 'video', 'document'], 1024);
  checkCtaUrlAction(interactive.action, 'interactive.action');
}

/** The cta_url action, also used by every carousel card. */
export function checkCtaUrlAction(node: unknown, path: string): void {
  const action = objectAt(node, path);
  onlyKeys(action, path, ['name', 'parameters']);
  oneOf(requiredString(action, 'name', path), `${path}.name`, ['cta_url']);
  const parameters = objectAt(action.parameters, `${path}.parameters`);
  onlyKeys(parameters, `${path}.parameters`, ['display_text', 'url']);
  requiredString(parameters, 'display_text', `${path}.parameters`, 20);
  httpUrl(requiredString(parameters, 'url', `${path}.parameters`), `${path}.parameters.url`);
}
