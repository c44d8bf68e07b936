// Part of META_EXAMPLES (meta-examples.ts): see there where these come from.

/** The message of flows/guides/sendingaflow: its two examples differ only in the action's parameters. */
function flowMessage<const P>(parameters: P) {
  return {
    recipient_type: 'individual',
    messaging_product: 'whatsapp',
    to: '+16505551234',
    type: 'interactive',
    interactive: {
      type: 'flow',
      header: { type: 'text', text: 'Flow message header' },
      body: { text: 'Flow message body' },
      footer: { text: 'Flow message footer' },
      action: { name: 'flow', parameters },
    },
  } as const;
}

export const FLOW_CAROUSEL_EXAMPLES = {
  // messages/interactive-media-carousel-messages
  carousel: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '1234567890',
    type: 'interactive',
    interactive: {
      type: 'carousel',
      body: {
        text: 'Check out our latest offers!',
      },
      action: {
        cards: [
          {
            card_index: 0,
            type: 'cta_url',
            header: {
              type: 'image',
              image: {
                link: 'https://example.com/image1.png',
              },
            },
            body: {
              text: 'Exclusive deal #1',
            },
            action: {
              name: 'cta_url',
              parameters: {
                display_text: 'Shop now',
                url: 'https://shop.example.com/deal1',
              },
            },
          },
          {
            card_index: 1,
            type: 'cta_url',
            header: {
              type: 'image',
              image: {
                link: 'https://example.com/image2.png',
              },
            },
            body: {
              text: 'Exclusive deal #2',
            },
            action: {
              name: 'cta_url',
              parameters: {
                display_text: 'Shop now',
                url: 'https://shop.example.com/deal2',
              },
            },
          },
        ],
      },
    },
  },
  // flows/guides/sendingaflow (minimum parameters)
  flowMinimal: flowMessage({ flow_message_version: '3', flow_name: 'appointment_booking_v1', flow_cta: 'Book!' }),
  // flows/guides/sendingaflow (all parameters)
  flowFull: flowMessage({
    flow_message_version: '3',
    flow_token: 'AQAAAAACS5FpgQ_cAAAAAD0QI3s.',
    flow_id: '123456',
    flow_cta: 'Book!',
    flow_action: 'navigate',
    flow_action_payload: {
      screen: '<SCREEN_NAME>',
      data: { product_name: 'name', product_description: 'description', product_price: 100 },
    },
  }),
} as const;
