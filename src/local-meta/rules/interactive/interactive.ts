import { checkCarouselMessage } from './carousel.js';
import { checkCtaUrlMessage } from './cta-url.js';
import { checkFlowMessage } from './flow.js';
import { checkButtonMessage } from './button.js';
import { checkListMessage } from './list.js';
import { checkLocationRequestMessage } from './location-request.js';
import { objectAt, refuse, requiredString, type Json, type Run } from '../check.js';

// interactive.type picks the subtype's rules. Subtypes Meta documents but local Meta does not model (catalogs,
// products, call permission requests, address) are accepted unchecked with a warning rather than refused.
const SUBTYPES: Readonly<Record<string, (interactive: Json, run: Run) => void>> = {
  button: checkButtonMessage,
  list: checkListMessage,
  cta_url: checkCtaUrlMessage,
  location_request_message: checkLocationRequestMessage,
  flow: checkFlowMessage,
  carousel: checkCarouselMessage,
};
const UNCHECKED = ['product', 'product_list', 'catalog_message', 'call_permission_request', 'address_message'];

export function checkInteractive(node: unknown, run: Run): void {
  const interactive = objectAt(node, 'interactive');
  const type = requiredString(interactive, 'type', 'interactive');
  const check = SUBTYPES[type];
  if (check !== undefined) return check(interactive, run);
  if (UNCHECKED.includes(type)) {
    run.warnings.push(`interactive.type "${type}" is accepted without checks: local Meta does not model it`);
    return;
  }
  refuse(100, `interactive.type must be one of ${[...Object.keys(SUBTYPES), ...UNCHECKED].join(', ')}, got "${type}"`);
}
