import { checkCtaUrlAction } from './cta-url.js';
import { actionWith, checkBody } from './parts.js';
import { checkMediaSource } from '../media.js';
import {
  arrayAt,
  objectAt,
  onlyKeys,
  oneOf,
  optionalString,
  refuse,
  requiredString,
  type Json,
  type Run,
} from '../check.js';

// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-media-carousel-messages
// body required, maximum 1024; no header or footer outside the cards; 2 to 10 cards, card_index 0-9 unique;
// each card: type "cta_url", header image or video (all cards the same), body.text optional (maximum 160),
// action cta_url with display_text (maximum 20) and url.
export function checkCarouselMessage(interactive: Json, run: Run): void {
  if (interactive.header !== undefined || interactive.footer !== undefined) {
    refuse(100, 'interactive.header and interactive.footer are not allowed on a carousel: put them in the cards');
  }
  onlyKeys(interactive, 'interactive', ['type', 'body', 'action']);
  checkBody(interactive, run, 1024);
  const action = actionWith(interactive, ['cards']);
  const cards = arrayAt(action.cards, 'interactive.action.cards');
  if (cards.length < 2) refuse(131008, `interactive.action.cards has ${cards.length} card(s), Meta needs at least 2`);
  if (cards.length > 10) refuse(100, `interactive.action.cards has ${cards.length} cards, Meta allows 10`);
  const indexes = new Set<number>();
  let headerType: string | undefined;
  cards.forEach((item, i) => {
    const path = `interactive.action.cards[${i}]`;
    const card = objectAt(item, path);
    onlyKeys(card, path, ['card_index', 'type', 'header', 'body', 'action']);
    const index = card.card_index;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 9) {
      refuse(100, `${path}.card_index must be an integer 0 to 9, got ${JSON.stringify(index)}`);
    }
    if (indexes.has(index)) refuse(100, `${path}.card_index ${index} is used twice: each card needs its own`);
    indexes.add(index);
    oneOf(requiredString(card, 'type', path), `${path}.type`, ['cta_url']);
    const header = objectAt(card.header, `${path}.header`);
    const type = requiredString(header, 'type', `${path}.header`);
    oneOf(type, `${path}.header.type`, ['image', 'video']);
    if (headerType !== undefined && type !== headerType) {
      refuse(100, `${path}.header.type is ${type} but the first card's is ${headerType}: all cards must match`);
    }
    headerType = type;
    onlyKeys(header, `${path}.header`, ['type', type]);
    checkMediaSource(type, objectAt(header[type], `${path}.header.${type}`), run, `${path}.header.${type}`);
    if (card.body !== undefined) {
      const body = objectAt(card.body, `${path}.body`);
      onlyKeys(body, `${path}.body`, ['text']);
      optionalString(body, 'text', `${path}.body`, 160);
    }
    checkCtaUrlAction(card.action, `${path}.action`);
  });
}
