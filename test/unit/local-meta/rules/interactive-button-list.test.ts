import { describe, expect, it } from 'vitest';
import { META_EXAMPLES } from './meta-examples.js';
import { accept, refuseChange, variant } from './send-context.js';

const button = META_EXAMPLES.button;
const list = META_EXAMPLES.list;
const reply = (id: string, title: string) => ({ type: 'reply', reply: { id, title } });

describe('reply buttons (interactive-reply-buttons-messages)', () => {
  it('takes 1 to 3 buttons', () => {
    accept(variant(button, (b) => (b.interactive.action.buttons = [reply('a', 'A')])));
    refuseChange(button, (b) => (b.interactive.action.buttons = []), 131008, 'interactive.action.buttons is empty');
    const four = [reply('a', 'A'), reply('b', 'B'), reply('c', 'C'), reply('d', 'D')];
    refuseChange(
      button,
      (b) => (b.interactive.action.buttons = four),
      100,
      'interactive.action.buttons has 4 buttons, Meta allows 3',
    );
  });

  it('limits titles to 20 characters and ids to 256, both unique', () => {
    refuseChange(
      button,
      (b) => (b.interactive.action.buttons[0].reply.title = 't'.repeat(21)),
      100,
      'interactive.action.buttons[0].reply.title is 21 characters long, Meta allows 20',
    );
    refuseChange(
      button,
      (b) => (b.interactive.action.buttons[0].reply.id = 'i'.repeat(257)),
      100,
      'reply.id is 257 characters long, Meta allows 256',
    );
    refuseChange(
      button,
      (b) => (b.interactive.action.buttons = [reply('a', 'Same'), reply('b', 'Same')]),
      100,
      'buttons[1].reply.title "Same" is used twice',
    );
    refuseChange(
      button,
      (b) => (b.interactive.action.buttons = [reply('a', 'A'), reply('a', 'B')]),
      100,
      'buttons[1].reply.id "a" is used twice',
    );
  });

  it('limits the body to 1024 characters, header text and footer to 60', () => {
    refuseChange(
      button,
      (b) => (b.interactive.body.text = 'b'.repeat(1025)),
      100,
      'interactive.body.text is 1025 characters long, Meta allows 1024',
    );
    refuseChange(
      button,
      (b) => (b.interactive.footer.text = 'f'.repeat(61)),
      100,
      'interactive.footer.text is 61 characters long, Meta allows 60',
    );
    refuseChange(
      button,
      (b) => (b.interactive.header = { type: 'text', text: 'h'.repeat(61) }),
      100,
      'interactive.header.text is 61 characters long, Meta allows 60',
    );
    refuseChange(button, (b) => delete b.interactive.body, 131008, "'interactive.body'");
  });
});

describe('lists (interactive-list-messages)', () => {
  const rows = (n: number, prefix = 'r') =>
    Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));

  it('takes 1 to 10 sections and at most 10 rows in all', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: rows(1, `s${i}`) }));
    refuseChange(
      list,
      (b) => (b.interactive.action.sections = eleven),
      100,
      'interactive.action.sections has 11 sections, Meta allows 10',
    );
    const split = [
      { title: 'A', rows: rows(6, 'a') },
      { title: 'B', rows: rows(5, 'b') },
    ];
    refuseChange(
      list,
      (b) => (b.interactive.action.sections = split),
      100,
      'interactive.action.sections has 11 rows in all, Meta allows 10',
    );
    accept(variant(list, (b) => (b.interactive.action.sections = [{ title: 'A', rows: rows(10) }])));
  });

  it('limits row titles to 24, descriptions to 72, row ids to 200, the button label to 20', () => {
    refuseChange(
      list,
      (b) => (b.interactive.action.sections[0].rows[0].title = 't'.repeat(25)),
      100,
      'sections[0].rows[0].title is 25 characters long, Meta allows 24',
    );
    refuseChange(
      list,
      (b) => (b.interactive.action.sections[0].rows[0].description = 'd'.repeat(73)),
      100,
      'rows[0].description is 73 characters long, Meta allows 72',
    );
    refuseChange(
      list,
      (b) => (b.interactive.action.sections[0].rows[0].id = 'i'.repeat(201)),
      100,
      'rows[0].id is 201 characters long, Meta allows 200',
    );
    refuseChange(
      list,
      (b) => (b.interactive.action.button = 'b'.repeat(21)),
      100,
      'interactive.action.button is 21 characters long, Meta allows 20',
    );
  });

  it('needs section titles when there is more than one section; warns when a single one has none', () => {
    refuseChange(
      list,
      (b) => delete b.interactive.action.sections[1].title,
      131008,
      "'interactive.action.sections[1].title'",
    );
    const one = variant(list, (b) => (b.interactive.action.sections = [{ rows: rows(2) }]));
    expect(accept(one).warnings.join()).toContain('sections[0].title is missing');
  });

  it('takes a body up to 4096 characters with a warning that the generic reference says 1024', () => {
    const decision = accept(variant(list, (b) => (b.interactive.body.text = 'b'.repeat(4096))));
    expect(decision.warnings.join()).toContain('the list page allows 4096');
    refuseChange(list, (b) => (b.interactive.body.text = 'b'.repeat(4097)), 100, 'Meta allows 4096');
  });

  it('takes a text header only', () => {
    refuseChange(
      list,
      (b) => (b.interactive.header = { type: 'image', image: { link: 'https://e.com/a.png' } }),
      100,
      'interactive.header.type must be one of text',
    );
  });
});
