import type { TemplateDef } from '../types.js';

// The templates a fresh registry holds, in the shape GET /{waba-id}/message_templates returns them.
// - hello_world: the template every test WABA comes with (sent by Meta's own quick start,
//   https://developers.facebook.com/documentation/business-messaging/whatsapp/overview); its texts as Meta's
//   sample WABA shows them.
// - order_confirmation: the named-parameter utility example of
//   https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/overview#parameter-formats
// - spring_sale: a marketing template with an image header and a URL button with one variable
//   (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/components).
// - verification_code: a copy-code authentication template; Meta creates the OTP button as type URL
//   (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/authentication-templates/autofill-button-authentication-templates).
// - seasonal_promotion: a marketing template with two quick-reply buttons, Meta's own example of creating a template
//   (https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates): what a customer taps
//   sends the bot a `type: "button"` message.
// The ids are fixed digit strings so a registry file stays stable between runs.

export const SEED_TEMPLATES: readonly TemplateDef[] = [
  {
    id: '1000000000000001',
    name: 'hello_world',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
      {
        type: 'BODY',
        text:
          'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message ' +
          'notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.',
      },
      { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
    ],
  },
  {
    id: '1000000000000002',
    name: 'order_confirmation',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'NAMED',
    components: [
      {
        type: 'BODY',
        text: 'Thank you, {{first_name}}! Your order number is {{order_number}}.',
        example: {
          body_text_named_params: [
            { param_name: 'first_name', example: 'Pablo' },
            { param_name: 'order_number', example: '860198-230332' },
          ],
        },
      },
    ],
  },
  {
    id: '1000000000000003',
    name: 'spring_sale',
    language: 'en_US',
    status: 'APPROVED',
    category: 'MARKETING',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2UvanBlZw==:ARZ-example'] } },
      {
        type: 'BODY',
        text: 'Hi {{1}}, our spring sale is on: {{2}} off every succulent until Sunday.',
        example: { body_text: [['Pablo', '25%']] },
      },
      { type: 'FOOTER', text: 'Reply STOP to stop promotions' },
      {
        type: 'BUTTONS',
        buttons: [
          {
            type: 'URL',
            text: 'Shop now',
            url: 'https://www.luckyshrub.com/shop?promo={{1}}',
            example: ['https://www.luckyshrub.com/shop?promo=SPRING25'],
          },
        ],
      },
    ],
  },
  {
    id: '1000000000000004',
    name: 'verification_code',
    language: 'en_US',
    status: 'APPROVED',
    category: 'AUTHENTICATION',
    parameter_format: 'POSITIONAL',
    components: [
      {
        type: 'BODY',
        text: '*{{1}}* is your verification code. For your security, do not share this code.',
        add_security_recommendation: true,
      },
      { type: 'FOOTER', text: 'This code expires in 10 minutes.', code_expiration_minutes: 10 },
      {
        type: 'BUTTONS',
        buttons: [
          {
            type: 'URL',
            text: 'Copy code',
            url: 'https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=10&code=otp{{1}}',
            example: [
              'https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=10&code=otp123456',
            ],
          },
        ],
      },
    ],
  },
  {
    id: '1000000000000005',
    name: 'seasonal_promotion',
    language: 'en_US',
    status: 'APPROVED',
    category: 'MARKETING',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Our {{1}} is on!', example: { header_text: ['Summer Sale'] } },
      {
        type: 'BODY',
        text: 'Shop now through {{1}} and use code {{2}} to get {{3}} off of all merchandise.',
        example: { body_text: [['the end of August', '25OFF', '25%']] },
      },
      { type: 'FOOTER', text: 'Use the buttons below to manage your marketing subscriptions' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Unsubscribe from Promos' },
          { type: 'QUICK_REPLY', text: 'Unsubscribe from All' },
        ],
      },
    ],
  },
];
