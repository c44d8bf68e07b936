import { describe, expect, it } from 'vitest';
import { META_EXAMPLES } from './meta-examples.js';
import { accept, refuseChange, variant } from './send-context.js';

const text = META_EXAMPLES.text;

describe('the send envelope', () => {
  it('needs messaging_product "whatsapp", in the words Meta uses', () => {
    refuseChange(
      text,
      (b) => (b.messaging_product = 'sms'),
      100,
      'Param messaging_product must be one of {WHATSAPP} - got "sms".',
    );
    refuseChange(text, (b) => delete b.messaging_product, 131008, "'messaging_product'");
  });

  it('refuses a field Meta does not know, naming its path', () => {
    refuseChange(text, (b) => (b.txt = { body: 'hi' }), 100, 'txt is not a parameter Meta knows here');
    refuseChange(text, (b) => (b.text.bdy = 'hi'), 100, 'text.bdy is not a parameter Meta knows here');
  });

  it('refuses a type Meta does not send (131051), and a missing type object (100)', () => {
    refuseChange(text, (b) => (b.type = 'poll'), 131051, 'type "poll"');
    refuseChange(text, (b) => (b.type = 'image'), 100, "Parameter 'image' is mandatory for type 'image'");
  });

  it('reads a missing type as text, with a warning', () => {
    const decision = accept(variant(text, (b) => delete b.type));
    expect(decision.kind).toBe('text');
    expect(decision.warnings.join()).toContain('type is missing');
  });

  it('takes recipient_type "individual" or none, refuses groups it does not model', () => {
    accept(variant(text, (b) => delete b.recipient_type));
    refuseChange(text, (b) => (b.recipient_type = 'group'), 100, 'recipient_type');
  });

  it('takes context.message_id on a reply, but not on a reaction', () => {
    accept(variant(text, (b) => (b.context = { message_id: 'wamid.X' })));
    refuseChange(
      META_EXAMPLES.reaction,
      (b) => (b.context = { message_id: 'wamid.X' }),
      100,
      'context is not allowed on a reaction',
    );
  });

  it('limits biz_opaque_callback_data to 512 characters', () => {
    accept(variant(text, (b) => (b.biz_opaque_callback_data = 'x'.repeat(512))));
    refuseChange(text, (b) => (b.biz_opaque_callback_data = 'x'.repeat(513)), 100, 'biz_opaque_callback_data');
  });
});

describe('the customer service window', () => {
  it('accepts a free-form message outside the window, then it fails with 131047 (a delivery error)', () => {
    const decision = accept(text, { open: false });
    expect(decision.deliveryError).toMatchObject({ code: 131047, title: 'Re-engagement message' });
  });

  it('delivers templates outside the window', () => {
    expect(accept(META_EXAMPLES.helloWorld, { open: false }).deliveryError).toBeUndefined();
  });
});
