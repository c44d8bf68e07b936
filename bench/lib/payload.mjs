// A realistic inbound text message exactly as Meta puts it on the wire (reference/meta-webhooks.md §3):
// compact ASCII JSON with `\/` and `\uXXXX` escapes, signed with the app secret over those bytes.
import { toMetaBytes } from '../../dist/samples/meta-bytes.js';
import { signPayload } from '../../dist/samples/signature.js';
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
      'x-hub-signature-256': signPayload(body, APP_SECRET),
      'user-agent': 'facebookexternalhit/1.1',
    },
  };
}
