import { arrayAt, objectAt, onlyKeys, optionalString, refuse, requiredString, type Run } from './check.js';

// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/contacts-messages
// Each contact needs name.formatted_name; birthday is YYYY-MM-DD; everything else is optional.
const CONTACT_KEYS = ['addresses', 'birthday', 'emails', 'name', 'org', 'phones', 'urls'];
const LIST_KEYS: Record<string, readonly string[]> = {
  addresses: ['street', 'city', 'state', 'zip', 'country', 'country_code', 'type'],
  emails: ['email', 'type'],
  phones: ['phone', 'type', 'wa_id'],
  urls: ['url', 'type'],
};

export function checkContacts(node: unknown, _run: Run): void {
  const contacts = arrayAt(node, 'contacts');
  if (contacts.length === 0) refuse(131008, "Parameter 'contacts' needs at least one contact");
  contacts.forEach((item, i) => {
    const path = `contacts[${i}]`;
    const contact = objectAt(item, path);
    onlyKeys(contact, path, CONTACT_KEYS);
    const name = objectAt(contact.name, `${path}.name`);
    onlyKeys(name, `${path}.name`, ['formatted_name', 'first_name', 'last_name', 'middle_name', 'suffix', 'prefix']);
    requiredString(name, 'formatted_name', `${path}.name`);
    const birthday = optionalString(contact, 'birthday', path);
    if (birthday !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(birthday)) {
      refuse(100, `${path}.birthday must be YYYY-MM-DD, got "${birthday}"`);
    }
    if (contact.org !== undefined) {
      onlyKeys(objectAt(contact.org, `${path}.org`), `${path}.org`, ['company', 'department', 'title']);
    }
    for (const [key, allowed] of Object.entries(LIST_KEYS)) {
      if (contact[key] === undefined) continue;
      arrayAt(contact[key], `${path}.${key}`).forEach((entry, j) => {
        onlyKeys(objectAt(entry, `${path}.${key}[${j}]`), `${path}.${key}[${j}]`, allowed);
      });
    }
  });
}
