import { describe, expect, it } from 'vitest';
import { createTemplate } from '../../../../src/local-meta/rules/template/create.js';
import { SEED_TEMPLATES } from '../../../../src/local-meta/rules/template/seed-templates.js';

// Meta's documented example body (Business Management API, "Create a template": a utility template).
const META_EXAMPLE = {
  name: 'order_confirmation_v2',
  language: 'en_US',
  category: 'UTILITY',
  components: [
    {
      type: 'BODY',
      text: 'Thank you for your order, {{1}}! Your confirmation number is {{2}}.',
      example: { body_text: [['Pablo', '860198-230332']] },
    },
    { type: 'FOOTER', text: 'Lucky Shrub' },
  ],
};

describe('POST /{waba-id}/message_templates', () => {
  it("accepts Meta's example and answers it as an approved template of its category", () => {
    const created = createTemplate(META_EXAMPLE, '1234567890123456', SEED_TEMPLATES);
    expect(created).toMatchObject({
      ok: true,
      template: { id: '1234567890123456', status: 'APPROVED', category: 'UTILITY' },
    });
  });

  it.each([
    [{ ...META_EXAMPLE, name: 'Order-Confirmation' }, /lowercase letters, digits and underscores/],
    [{ ...META_EXAMPLE, category: 'PROMO' }, /AUTHENTICATION, MARKETING, UTILITY/],
    [{ ...META_EXAMPLE, language: undefined }, /language is required/],
    [{ ...META_EXAMPLE, components: [{ type: 'FOOTER', text: 'x' }] }, /0 BODY components/],
    [{ ...META_EXAMPLE, parameter_format: 'BOTH' }, /NAMED or POSITIONAL/],
  ])('refuses a violating body with code 100 (%#)', (body, details) => {
    const created = createTemplate(body, '1', SEED_TEMPLATES);
    expect(created.ok).toBe(false);
    if (!created.ok) {
      expect(created.error).toMatchObject({ code: 100, httpStatus: 400 });
      expect(created.error.details).toMatch(details);
    }
  });

  it('refuses a second template with the same name and language (subcode 2388024)', () => {
    const created = createTemplate({ ...META_EXAMPLE, name: 'hello_world' }, '1', SEED_TEMPLATES);
    expect(created).toMatchObject({ ok: false, error: { code: 100, subcode: 2388024 } });
  });
});
