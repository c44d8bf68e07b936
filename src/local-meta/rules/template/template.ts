import { checkTemplateComponents } from './params.js';
import { arrayAt, objectAt, onlyKeys, refuse, requiredString, type Run } from '../check.js';
import type { SendAccepted } from '../types.js';
import { pricingCategory } from './template-def.js';

// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/template-messages and the
// error codes page: a template that does not exist in that language or is not approved → 132001 (HTTP 404);
// paused → 132015; disabled → 132016. Templates may be sent outside the customer service window.
// Copy-code authentication templates need a phone number, not a BSUID (131062):
// https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids
export function checkTemplate(
  node: unknown,
  run: Run,
): { category: SendAccepted['category']; template: { name: string; language: string } } {
  const template = objectAt(node, 'template');
  onlyKeys(template, 'template', ['name', 'language', 'components', 'namespace']);
  const name = requiredString(template, 'name', 'template', 512);
  const language = objectAt(template.language, 'template.language');
  onlyKeys(language, 'template.language', ['code', 'policy']);
  const code = requiredString(language, 'code', 'template.language');
  const def = run.ctx.templates.find((t) => t.name === name && t.language === code);
  if (def === undefined || def.status === 'PENDING' || def.status === 'REJECTED') {
    const why = def === undefined ? `does not exist in ${code}` : `is ${def.status} in ${code}, not APPROVED`;
    refuse(132001, `template name (${name}) ${why}`);
  }
  if (def.status === 'PAUSED') refuse(132015, `template ${name} (${code}) is paused for low quality`);
  if (def.status === 'DISABLED') refuse(132016, `template ${name} (${code}) is disabled`);
  if (def.category === 'AUTHENTICATION' && run.bsuid) {
    refuse(131062, `template ${name} is an authentication template: send it to the phone number, not the BSUID`);
  }
  const components = template.components === undefined ? [] : arrayAt(template.components, 'template.components');
  checkTemplateComponents(def, components);
  return {
    category: pricingCategory(def.category),
    template: { name, language: code },
  };
}
