import { describe, it } from 'vitest';
import { META_EXAMPLES } from './meta-examples.js';
import { refuse, refuseChange, variant } from './send-context.js';

describe('media carousels (interactive-media-carousel-messages)', () => {
  const carousel = META_EXAMPLES.carousel;
  const cards = (b: any) => b.interactive.action.cards;

  it('takes 2 to 10 cards', () => {
    refuseChange(
      carousel,
      (b) => cards(b).pop(),
      131008,
      'interactive.action.cards has 1 card(s), Meta needs at least 2',
    );
    const eleven = (b: any) =>
      (b.interactive.action.cards = Array.from({ length: 11 }, (_, i) => ({ ...cards(b)[0], card_index: i })));
    refuse(variant(carousel, eleven), 100, 'interactive.action.cards has 11 cards, Meta allows 10');
  });

  it('needs the same header type on every card, unique indexes, no header outside the cards', () => {
    refuseChange(
      carousel,
      (b) => (cards(b)[1].header = { type: 'video', video: { link: 'https://e.com/v.mp4' } }),
      100,
      'all cards must match',
    );
    refuseChange(carousel, (b) => (cards(b)[1].card_index = 0), 100, 'card_index 0 is used twice');
    refuseChange(
      carousel,
      (b) => (b.interactive.header = { type: 'text', text: 'Deals' }),
      100,
      'not allowed on a carousel',
    );
  });

  it('limits card body text to 160 characters and button labels to 20', () => {
    refuseChange(
      carousel,
      (b) => (cards(b)[0].body.text = 'b'.repeat(161)),
      100,
      'cards[0].body.text is 161 characters long, Meta allows 160',
    );
    refuseChange(carousel, (b) => (cards(b)[0].action.parameters.display_text = 'd'.repeat(21)), 100, 'Meta allows 20');
  });
});
