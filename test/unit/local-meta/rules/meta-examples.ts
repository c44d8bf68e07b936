// Meta's own example requests, copied from the "Example request" of each page under
// https://developers.facebook.com/documentation/business-messaging/whatsapp/ (named in the comment above each).
// Only the flow examples were edited: their "to" is the placeholder "whatsapp-id", and the all-parameters one
// lists flow_name and flow_id with a comment between them (not JSON), so it keeps flow_id.

import { CONTACTS_EXAMPLES } from './meta-examples-contacts.js';
import { FLOW_CAROUSEL_EXAMPLES } from './meta-examples-flow-carousel.js';
import { INTERACTIVE_EXAMPLES } from './meta-examples-interactive.js';
import { MESSAGE_EXAMPLES } from './meta-examples-media.js';
import { TEMPLATE_EXAMPLES } from './meta-examples-templates.js';

export const META_EXAMPLES = {
  ...MESSAGE_EXAMPLES,
  ...CONTACTS_EXAMPLES,
  ...INTERACTIVE_EXAMPLES,
  ...FLOW_CAROUSEL_EXAMPLES,
  ...TEMPLATE_EXAMPLES,
};
