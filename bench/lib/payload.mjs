// A realistic inbound text message exactly as Meta puts it on the wire (Meta's webhooks/reference/messages/text example):
// compact ASCII JSON with `\/` and `\uXXXX` escapes, signed with the app secret over those bytes.
import { toMetaBytes } from '../../dist/samples/bytes/meta-bytes.js';
import { signBody } from '../../dist/verification/signature.js';
import { DEFAULT_VARS, parseTemplate, renderTemplate } from '../../dist/samples/render.js';
import { TEMPLATES_DIR } from '../../dist/samples/templates-io.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const APP_SECRET = 'bench0app0secret0bench0app0secr1';
export const VERIFY_TOKEN = 'bench-verify-token-123456';

const textTemplate = parseTemplate(
  'text',
  JSON.parse(readFileSync(join(TEMPLATES_DIR, 'messages', 'text.json'), 'utf8')),
);

/** The send-sample `text` template, rendered with a fixed id and time so every request has the same bytes. */
export function textMessage(id = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=') {
  return renderTemplate(textTemplate, {
    ...DEFAULT_VARS,
    wamid: id,
    timestamp: '1749416383',
    text: 'Does it come in another colour? The café/shop link said 2/3 sizes only.',
  });
}

/** Body bytes and the headers Meta sends with them. */
export function signedText(id) {
  const body = toMetaBytes(textMessage(id));
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signBody(body, APP_SECRET),
      'user-agent': 'facebookexternalhit/1.1',
    },
  };
}

const contactsTemplate = parseTemplate(
  'contacts',
  JSON.parse(readFileSync(join(TEMPLATES_DIR, 'messages', 'contacts.json'), 'utf8')),
);

/** A shared contact card listing many contacts with non-ASCII names, escaped as Meta does: about 60 KB. */
export function contactsMessage(targetBytes = 60_000) {
  const payload = renderTemplate(contactsTemplate, {
    ...DEFAULT_VARS,
    wamid: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgB=',
    timestamp: '1749416383',
    name: 'Zoë Ångström',
  });
  const cards = payload.entry[0].changes[0].value.messages[0].contacts;
  const card = (i) => ({
    name: { formatted_name: `José Müller-Øster ${i} 東京`, first_name: 'José', last_name: `Müller-Øster ${i}` },
    phones: [{ phone: `+34 600 ${String(100000 + i)}`, wa_id: `34600${100000 + i}`, type: 'CELL' }],
    emails: [{ email: `jose.${i}@example.com`, type: 'WORK' }],
    org: { company: 'Cafetería Ñandú', title: 'Señor' },
  });
  cards.length = 0;
  while (toMetaBytes(payload).length < targetBytes) cards.push(card(cards.length));
  return payload;
}

function signed(body) {
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signBody(body, APP_SECRET),
      'user-agent': 'facebookexternalhit/1.1',
    },
  };
}

/** The two body sizes of the receiver bench: the text event and the ~60 KB contacts event. */
export function benchBodies() {
  return { small: signed(toMetaBytes(textMessage())), large: signed(toMetaBytes(contactsMessage())) };
}
