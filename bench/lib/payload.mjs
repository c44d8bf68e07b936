// A realistic inbound text message exactly as Meta puts it on the wire (reference/meta-webhooks.md §3):
// compact ASCII JSON with `\/` and `\uXXXX` escapes, signed with the app secret over those bytes.
import { toMetaBytes } from '../../dist/core/meta-json.js';
import { signPayload } from '../../dist/core/signature.js';

export const APP_SECRET = 'bench0app0secret0bench0app0secr1';
export const VERIFY_TOKEN = 'bench-verify-token-123456';

export function textMessage(id = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=') {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234', user_id: 'US.13491208655302741918' }],
              messages: [
                {
                  from: '16505551234',
                  from_user_id: 'US.13491208655302741918',
                  id,
                  timestamp: '1749416383',
                  type: 'text',
                  text: { body: 'Does it come in another colour? The café/shop link said 2/3 sizes only.' },
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

/** Body bytes and the headers Meta sends with them. */
export function signedText(id) {
  const body = toMetaBytes(textMessage(id));
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signPayload(body, APP_SECRET),
      'user-agent': 'facebookexternalhit/1.1',
    },
  };
}
