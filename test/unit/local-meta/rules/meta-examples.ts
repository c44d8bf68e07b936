// Meta's own example requests, copied from the "Example request" of each page under
// https://developers.facebook.com/documentation/business-messaging/whatsapp/ (named in the comment above each).
// Only the flow examples were edited: their "to" is the placeholder "whatsapp-id", and the all-parameters one
// lists flow_name and flow_id with a comment between them (not JSON), so it keeps flow_id.

export const META_EXAMPLES = {
  // messages/text-messages
  text: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+16505551234',
    type: 'text',
    text: {
      preview_url: true,
      body: "As requested, here's the link to our latest product: https://www.meta.com/quest/quest-3/",
    },
  },
  // messages/image-messages
  image: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+16505551234',
    type: 'image',
    image: {
      id: '1479537139650973',
      caption: 'The best succulent ever?',
    },
  },
  // messages/audio-messages
  audio: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+16505551234',
    type: 'audio',
    audio: {
      id: '1013859600285441',
      voice: true,
    },
  },
  // messages/video-messages
  video: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+16505551234',
    type: 'video',
    video: {
      id: '1166846181421424',
      caption: 'A succulent eclipse!',
    },
  },
  // messages/document-messages
  document: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+16505551234',
    type: 'document',
    document: {
      id: '1376223850470843',
      filename: 'order_abc123.pdf',
      caption: 'Your order confirmation (PDF)',
    },
  },
  // messages/sticker-messages
  sticker: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+16505551234',
    type: 'sticker',
    sticker: {
      id: '798882015472548',
    },
  },
  // messages/location-messages
  location: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+16505551234',
    type: 'location',
    location: {
      latitude: '37.44216251868683',
      longitude: '-122.16153582049394',
      name: 'Philz Coffee',
      address: '101 Forest Ave, Palo Alto, CA 94301',
    },
  },
  // messages/contacts-messages
  contacts: {
    messaging_product: 'whatsapp',
    to: '+16505551234',
    type: 'contacts',
    contacts: [
      {
        addresses: [
          {
            street: '1 Lucky Shrub Way',
            city: 'Menlo Park',
            state: 'CA',
            zip: '94025',
            country: 'United States',
            country_code: 'US',
            type: 'Office',
          },
          {
            street: '1 Hacker Way',
            city: 'Menlo Park',
            state: 'CA',
            zip: '94025',
            country: 'United States',
            country_code: 'US',
            type: 'Pop-Up',
          },
        ],
        birthday: '1999-01-23',
        emails: [
          {
            email: 'bjohnson@luckyshrub.com',
            type: 'Work',
          },
          {
            email: 'bjohnson@luckyshrubplants.com',
            type: 'Work (old)',
          },
        ],
        name: {
          formatted_name: 'Barbara J. Johnson',
          first_name: 'Barbara',
          last_name: 'Johnson',
          middle_name: 'Joana',
          suffix: 'Esq.',
          prefix: 'Dr.',
        },
        org: {
          company: 'Lucky Shrub',
          department: 'Legal',
          title: 'Lead Counsel',
        },
        phones: [
          {
            phone: '+16505559999',
            type: 'Landline',
          },
          {
            phone: '+19175559999',
            type: 'Mobile',
            wa_id: '19175559999',
          },
        ],
        urls: [
          {
            url: 'https://www.luckyshrub.com',
            type: 'Company',
          },
          {
            url: 'https://www.facebook.com/luckyshrubplants',
            type: 'Company (FB)',
          },
        ],
      },
    ],
  },
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
  // messages/reaction-messages
  reaction: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+16505551234',
    type: 'reaction',
    reaction: {
      message_id: 'wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQUZCMTY0MDc2MUYwNzBDNTY5MAA=',
      emoji: '😀',
    },
  },
  // messages/mark-message-as-read
  read: {
    messaging_product: 'whatsapp',
    status: 'read',
    message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA',
  },
  // typing-indicators
  typing: {
    messaging_product: 'whatsapp',
    status: 'read',
    message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA',
    typing_indicator: {
      type: 'text',
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
  // flows/guides/sendingaflow (minimum parameters)
  flowMinimal: {
    recipient_type: 'individual',
    messaging_product: 'whatsapp',
    to: '+16505551234',
    type: 'interactive',
    interactive: {
      type: 'flow',
      header: { type: 'text', text: 'Flow message header' },
      body: { text: 'Flow message body' },
      footer: { text: 'Flow message footer' },
      action: {
        name: 'flow',
        parameters: { flow_message_version: '3', flow_name: 'appointment_booking_v1', flow_cta: 'Book!' },
      },
    },
  },
  // flows/guides/sendingaflow (all parameters)
  flowFull: {
    recipient_type: 'individual',
    messaging_product: 'whatsapp',
    to: '+16505551234',
    type: 'interactive',
    interactive: {
      type: 'flow',
      header: { type: 'text', text: 'Flow message header' },
      body: { text: 'Flow message body' },
      footer: { text: 'Flow message footer' },
      action: {
        name: 'flow',
        parameters: {
          flow_message_version: '3',
          flow_token: 'AQAAAAACS5FpgQ_cAAAAAD0QI3s.',
          flow_id: '123456',
          flow_cta: 'Book!',
          flow_action: 'navigate',
          flow_action_payload: {
            screen: '<SCREEN_NAME>',
            data: { product_name: 'name', product_description: 'description', product_price: 100 },
          },
        },
      },
    },
  },
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
