import { describe, expect, it } from 'vitest';
import { META_EXAMPLES } from './meta-examples.js';
import { accept, CUSTOMER } from './send-context.js';

describe("Meta's own example requests", () => {
  it.each(Object.entries(META_EXAMPLES))('accepts the %s example as Meta does', (_name, body) => {
    const decision = accept(body);
    expect(decision.deliveryError).toBeUndefined();
  });

  it('reads each example as its kind, to the normalised wa_id', () => {
    expect(accept(META_EXAMPLES.text)).toMatchObject({ to: CUSTOMER, kind: 'text', category: 'service' });
    expect(accept(META_EXAMPLES.button)).toMatchObject({ kind: 'interactive' });
    expect(accept(META_EXAMPLES.helloWorld)).toMatchObject({
      kind: 'template',
      category: 'utility',
      template: { name: 'hello_world', language: 'en_US' },
    });
    expect(accept(META_EXAMPLES.read)).toMatchObject({ kind: 'read', to: CUSTOMER });
    expect(accept(META_EXAMPLES.typing)).toMatchObject({ kind: 'read', to: CUSTOMER });
  });

  it('takes the examples exactly as documented, with no warning (but the carousel\'s "to" without +)', () => {
    const noisy = Object.entries(META_EXAMPLES).filter(([, body]) => accept(body).warnings.length > 0);
    expect(noisy.map(([name]) => name)).toEqual(['carousel']);
    expect(accept(META_EXAMPLES.carousel).to).toBe('11234567890');
  });
});
