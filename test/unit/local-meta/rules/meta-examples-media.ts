// Part of META_EXAMPLES (meta-examples.ts): see there where these come from.

export const MESSAGE_EXAMPLES = {
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
} as const;
