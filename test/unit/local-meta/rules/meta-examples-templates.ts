// Part of META_EXAMPLES (meta-examples.ts): see there where these come from.

export const TEMPLATE_EXAMPLES = {
  // templates/overview#parameter-formats (named parameters)
  templateNamed: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+16505551234',
    type: 'template',
    template: {
      name: 'order_confirmation',
      language: { code: 'en_US' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', parameter_name: 'first_name', text: 'Jessica' },
            { type: 'text', parameter_name: 'order_number', text: 'SKBUP2-4CPIG9' },
          ],
        },
      ],
    },
  },
  // overview (the quick start send)
  helloWorld: {
    messaging_product: 'whatsapp',
    to: '+16505551234',
    type: 'template',
    template: { name: 'hello_world', language: { code: 'en_US' } },
  },
  // templates/authentication-templates/autofill-button-authentication-templates
  authentication: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '12015553931',
    type: 'template',
    template: {
      name: 'verification_code',
      language: { code: 'en_US' },
      components: [
        { type: 'body', parameters: [{ type: 'text', text: 'J$FpnYnP' }] },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'J$FpnYnP' }] },
      ],
    },
  },
} as const;
