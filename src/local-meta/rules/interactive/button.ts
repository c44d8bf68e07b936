import { actionWith, checkHeaderBodyFooter } from './parts.js';
import { arrayAt, objectAt, onlyKeys, oneOf, refuse, requiredString, type Json, type Run } from '../check.js';

// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-reply-buttons-messages
// 1 to 3 buttons of type "reply"; id required, maximum 256 characters, unique; title required, maximum 20
// characters, unique; body required, maximum 1024; footer maximum 60; header text, image, video or document.
export function checkButtonMessage(interactive: Json, run: Run): void {
  checkHeaderBodyFooter(interactive, run, ['text', 'image', 'video', 'document'], 1024);
  const action = actionWith(interactive, ['buttons']);
  const buttons = arrayAt(action.buttons, 'interactive.action.buttons');
  if (buttons.length === 0) refuse(131008, 'interactive.action.buttons is empty, Meta needs 1 to 3 buttons');
  if (buttons.length > 3) refuse(100, `interactive.action.buttons has ${buttons.length} buttons, Meta allows 3`);
  const ids = new Set<string>();
  const titles = new Set<string>();
  buttons.forEach((item, i) => {
    const path = `interactive.action.buttons[${i}]`;
    const button = objectAt(item, path);
    onlyKeys(button, path, ['type', 'reply']);
    oneOf(requiredString(button, 'type', path), `${path}.type`, ['reply']);
    const reply = objectAt(button.reply, `${path}.reply`);
    onlyKeys(reply, `${path}.reply`, ['id', 'title']);
    const id = requiredString(reply, 'id', `${path}.reply`, 256);
    const title = requiredString(reply, 'title', `${path}.reply`, 20);
    if (ids.has(id)) refuse(100, `${path}.reply.id "${id}" is used twice: button ids must be unique`);
    if (titles.has(title)) refuse(100, `${path}.reply.title "${title}" is used twice: button titles must be unique`);
    if (id !== id.trim()) refuse(100, `${path}.reply.id "${id}" has leading or trailing spaces`);
    ids.add(id);
    titles.add(title);
  });
}
