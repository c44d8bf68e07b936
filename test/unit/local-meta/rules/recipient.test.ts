import { describe, expect, it } from 'vitest';
import { countryCallingCode } from '../../../../src/local-meta/rules/recipient.js';
import { META_EXAMPLES } from './meta-examples.js';
import { accept, BUSINESS, refuse, variant } from './send-context.js';

const to = (value: unknown) => variant(META_EXAMPLES.text, (b) => (b.to = value));

describe('`to`, read as Meta reads it (send-messages, "WhatsApp user phone number formats")', () => {
  it('accepts +, -, (, ) and spaces: "+1 (631) 555-1234" is 16315551234', () => {
    expect(accept(to('+1 (631) 555-1234')).to).toBe('16315551234');
    expect(accept(to('+16315551234')).to).toBe('16315551234');
  });

  it("prepends the business number's country code when there is no + (Meta's table, from a +1 number)", () => {
    const decision = accept(to('(631) 555-1234'));
    expect(decision.to).toBe('16315551234');
    expect(decision.warnings.join()).toContain('prepends');
    expect(accept(to('1 (631) 555-1234')).to).toBe('116315551234');
  });

  it("takes a customer's wa_id without + as it is (a reply to the webhook's `from`)", () => {
    const decision = accept(to('16505551234'));
    expect(decision.to).toBe('16505551234');
    expect(decision.warnings).toEqual([]);
  });

  it('reads a JSON number as its digits, with a warning', () => {
    const decision = accept(to(16505551234));
    expect(decision.to).toBe('16505551234');
    expect(decision.warnings.join()).toContain('to is a number');
  });

  it('refuses 00-prefixed numbers, letters mixed with digits, and no recipient at all', () => {
    refuse(to('0016505551234'), 100, 'starts with 00');
    refuse(to('+1650555CALL'), 100, 'is not a phone number');
    refuse(to(''), 131008, "'to'");
  });

  it('refuses the business number itself with 131021', () => {
    const error = refuse(to(`+${BUSINESS}`), 131021, BUSINESS);
    expect(error.title).toBe('Recipient cannot be sender');
  });

  it('takes a business-scoped user ID in `to`, or in `recipient` as whatsapp-api-js sends it', () => {
    const bsuid = 'user.9373795779eb6441c8adb2eaee5b848e7dd174ddd302d7db62142f4722d574b6';
    expect(accept(to(bsuid)).to).toBe(bsuid);
    expect(accept(variant(META_EXAMPLES.text, (b) => ((b.to = undefined), (b.recipient = bsuid)))).to).toBe(bsuid);
  });

  it('knows one-, two- and three-digit country calling codes', () => {
    expect(countryCallingCode('16505551234')).toBe('1');
    expect(countryCallingCode('79161234567')).toBe('7');
    expect(countryCallingCode('919876543210')).toBe('91');
    expect(countryCallingCode('447700900123')).toBe('44');
    expect(countryCallingCode('5511987654321')).toBe('55');
    expect(countryCallingCode('353871234567')).toBe('353');
    expect(countryCallingCode('971501234567')).toBe('971');
  });
});
