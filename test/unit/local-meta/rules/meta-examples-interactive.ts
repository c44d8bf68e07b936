// Part of META_EXAMPLES (meta-examples.ts): see there where these come from.

export const INTERACTIVE_EXAMPLES = {
  // messages/interactive-reply-buttons-messages
  button: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+16505551234',
    type: 'interactive',
    interactive: {
      type: 'button',
      header: {
        type: 'image',
        image: {
          id: '2762702990552401',
        },
      },
      body: {
        text: 'Hi Pablo! Your gardening workshop is scheduled for 9am tomorrow. Use the buttons if you need to reschedule. Thank you!',
      },
      footer: {
        text: 'Lucky Shrub: Your gateway to succulents!™',
      },
      action: {
        buttons: [
          {
            type: 'reply',
            reply: {
              id: 'change-button',
              title: 'Change',
            },
          },
          {
            type: 'reply',
            reply: {
              id: 'cancel-button',
              title: 'Cancel',
            },
          },
        ],
      },
    },
  },
  // messages/interactive-list-messages
  list: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+16505551234',
    type: 'interactive',
    interactive: {
      type: 'list',
      header: {
        type: 'text',
        text: 'Choose Shipping Option',
      },
      body: {
        text: 'Which shipping option do you prefer?',
      },
      footer: {
        text: 'Lucky Shrub: Your gateway to succulents™',
      },
      action: {
        button: 'Shipping Options',
        sections: [
          {
            title: 'I want it ASAP!',
            rows: [
              {
                id: 'priority_express',
                title: 'Priority Mail Express',
                description: 'Next Day to 2 Days',
              },
              {
                id: 'priority_mail',
                title: 'Priority Mail',
                description: '1–3 Days',
              },
            ],
          },
          {
            title: 'I can wait a bit',
            rows: [
              {
                id: 'usps_ground_advantage',
                title: 'USPS Ground Advantage',
                description: '2–5 Days',
              },
              {
                id: 'media_mail',
                title: 'Media Mail',
                description: '2–8 Days',
              },
            ],
          },
        ],
      },
    },
  },
  // messages/interactive-cta-url-messages
  ctaUrl: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+16505551234',
    type: 'interactive',
    interactive: {
      type: 'cta_url',
      header: {
        type: 'image',
        image: {
          link: 'https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png',
        },
      },
      body: {
        text: 'Tap the button below to see available dates.',
      },
      action: {
        name: 'cta_url',
        parameters: {
          display_text: 'See Dates',
          url: 'https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4',
        },
      },
      footer: {
        text: 'Dates subject to change.',
      },
    },
  },
  // messages/location-request-messages
  locationRequest: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    type: 'interactive',
    to: '+16505551234',
    interactive: {
      type: 'location_request_message',
      body: {
        text: "Let's start with your pickup. You can either manually *enter an address* or *share your current location*.",
      },
      action: { name: 'send_location' },
    },
  },
} as const;
