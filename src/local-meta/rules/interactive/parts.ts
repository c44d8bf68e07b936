import { checkMediaSource } from '../media.js';
import { objectAt, onlyKeys, oneOf, refuse, requiredString, type Json, type Run } from '../check.js';

// The header, body and footer every interactive message shares. Limits per subtype come from each subtype's page
// (…/messages/interactive-reply-buttons-messages, interactive-list-messages, interactive-cta-url-messages,
// location-request-messages, interactive-media-carousel-messages): header text and footer maximum 60 characters.

export type HeaderKind = 'text' | 'image' | 'video' | 'document';

export function checkHeader(interactive: Json, run: Run, allowed: readonly HeaderKind[]): void {
  if (interactive.header === undefined) return;
  const path = 'interactive.header';
  if (allowed.length === 0) refuse(100, `${path} is not allowed on a ${String(interactive.type)} message`);
  const header = objectAt(interactive.header, path);
  const type = requiredString(header, 'type', path);
  oneOf(type, `${path}.type`, allowed);
  onlyKeys(header, path, ['type', type]);
  if (type === 'text') {
    requiredString(header, 'text', path, 60);
    return;
  }
  const media = objectAt(header[type], `${path}.${type}`);
  onlyKeys(media, `${path}.${type}`, type === 'document' ? ['id', 'link', 'filename'] : ['id', 'link']);
  checkMediaSource(type, media, run, `${path}.${type}`);
}

/**
 * interactive.body.text. `lenientMax` is for a page that allows more than Meta's generic interactive limit: the
 * longer limit is enforced and a warning names the disagreement (never refuse what Meta accepts).
 */
export function checkBody(interactive: Json, run: Run, max: number, lenientMax?: number): void {
  const body = objectAt(interactive.body, 'interactive.body');
  onlyKeys(body, 'interactive.body', ['text']);
  const text = requiredString(body, 'text', 'interactive.body', lenientMax ?? max);
  const length = [...text].length;
  if (lenientMax !== undefined && length > max) {
    run.warnings.push(
      `interactive.body.text is ${length} characters: the list page allows 4096, Meta's API reference says ${max}; accepted`,
    );
  }
}

/**
 * The top level of a message with an optional header, a body and an optional footer: no other keys than those,
 * `type` and `action`, each part checked in that order.
 */
export function checkHeaderBodyFooter(
  interactive: Json,
  run: Run,
  headers: readonly HeaderKind[],
  bodyMax: number,
  bodyLenientMax?: number,
): void {
  onlyKeys(interactive, 'interactive', ['type', 'header', 'body', 'footer', 'action']);
  checkHeader(interactive, run, headers);
  checkBody(interactive, run, bodyMax, bodyLenientMax);
  checkFooter(interactive);
}

/** interactive.action: an object with no other keys than these. */
export function actionWith(interactive: Json, keys: readonly string[]): Json {
  const action = objectAt(interactive.action, 'interactive.action');
  onlyKeys(action, 'interactive.action', keys);
  return action;
}

export function checkFooter(interactive: Json, allowed = true): void {
  if (interactive.footer === undefined) return;
  if (!allowed) refuse(100, `interactive.footer is not allowed on a ${String(interactive.type)} message`);
  const footer = objectAt(interactive.footer, 'interactive.footer');
  onlyKeys(footer, 'interactive.footer', ['text']);
  requiredString(footer, 'text', 'interactive.footer', 60);
}
