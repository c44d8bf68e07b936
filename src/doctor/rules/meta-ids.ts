import { wrongNodeType, type GraphOutcome } from '../../graph/types.js';
import type { DoctorFacts, Rule, Verdict } from '../types.js';
import { fail, ok, skip } from './helpers.js';
import { needUsableToken } from './meta-helpers.js';

const WABA = 'WhatsAppBusinessAccount';
const PHONE = 'WhatsAppBusinessPhoneNumber';

/** What each Graph node type is called where a user meets it. */
const KIND: Readonly<Record<string, string>> = {
  Business: 'a Business portfolio id (Business settings → Business info), not a WhatsApp Business Account id',
  Application: 'an app id (App Dashboard), not a WhatsApp Business Account id',
  WhatsAppBusinessAccount: 'a WhatsApp Business Account (WABA) id',
  WhatsAppBusinessPhoneNumber: 'a phone number id',
  User: 'a user id',
  Page: 'a Facebook Page id',
};

const kindOf = (type: string) => KIND[type] ?? `a ${type} id`;

/** The node type Graph named in the first refusal among these answers, when it is not the expected one. */
function namedType(expected: string, ...outcomes: Array<GraphOutcome<unknown> | undefined>): string | undefined {
  for (const o of outcomes) {
    const type = o && !o.ok ? wrongNodeType(o.error) : undefined;
    if (type && type !== expected) return type;
  }
  return undefined;
}

/** The WABAs the token was granted (debug_token's granular scopes): the right id when there is exactly one. */
function grantedWabas(facts: DoctorFacts): string[] {
  const d = facts.meta.debugToken;
  if (!d?.ok) return [];
  const ids = (d.data.granular_scopes ?? [])
    .filter((g) => g.scope === 'whatsapp_business_management')
    .flatMap((g) => (g.target_ids ?? []).map(String));
  return [...new Set(ids)].filter((id) => id !== facts.config.values.wabaId);
}

function wabaVerdict(facts: DoctorFacts, type: string): Verdict {
  const id = facts.config.values.wabaId;
  const granted = grantedWabas(facts);
  const fix =
    granted.length === 1
      ? `set WHATSAPP_BUSINESS_ACCOUNT_ID=${granted[0]} (the WhatsApp Business Account this token was granted)`
      : granted.length > 1
        ? `set WHATSAPP_BUSINESS_ACCOUNT_ID to one of the WABAs this token was granted: ` +
          `${granted.join(', ')} (WhatsApp → API Setup shows which one goes with your number)`
        : 'copy the WhatsApp Business Account ID from WhatsApp → API Setup (under the phone number), not the Business portfolio id or the app id';
  return fail(`WHATSAPP_BUSINESS_ACCOUNT_ID ${id} is ${kindOf(type)}: Graph says its node type is ${type}`, fix);
}

function phoneVerdict(facts: DoctorFacts, type: string): Verdict {
  const id = facts.config.values.phoneNumberId;
  const numbers = facts.meta.wabaPhones?.ok ? facts.meta.wabaPhones.data.data : [];
  const fix =
    type === WABA && numbers.length
      ? `set WHATSAPP_PHONE_NUMBER_ID to the id of one of this WABA's numbers: ${numbers.map((n) => `${n.id} (${n.display_phone_number ?? '?'})`).join(', ')}`
      : type === WABA
        ? `that id belongs in WHATSAPP_BUSINESS_ACCOUNT_ID; copy the Phone number ID from WhatsApp → API Setup`
        : 'copy the Phone number ID from WhatsApp → API Setup (an id of the number, not the number itself)';
  return fail(
    `WHATSAPP_PHONE_NUMBER_ID ${id} is ${type === PHONE ? 'a phone number id' : kindOf(type).replace(/, not a WhatsApp Business Account id$/, '')}, ` +
      `not a phone number id: Graph says its node type is ${type}`,
    fix,
  );
}

/**
 * Ids of the wrong kind, from the node type Graph names when a field or edge does not exist on the id given
 * ("Tried accessing nonexisting field (phone_numbers) on node type (Business)"): said once, with the right id
 * when the token can see it. The checks that asked Graph about that id are its consequences.
 */
export const META_ID_KINDS_RULE: Rule = {
  id: 'meta.id-kinds',
  group: 'meta',
  title: 'ids of the right kind',
  detects:
    'a Business portfolio id or an app id where the WABA id belongs, a WABA id where the phone ' +
    'number id belongs (Graph names the node type); names the right id when the token can see it',
  check: needUsableToken((facts) => {
    const m = facts.meta;
    const wabaType = namedType(WABA, m.waba, m.wabaPhones, m.subscribedApps);
    const phoneType = namedType(PHONE, m.phone, m.phoneDetails);
    if (wabaType) return wabaVerdict(facts, wabaType);
    if (phoneType) return phoneVerdict(facts, phoneType);
    const answered = [m.phone, m.waba, m.wabaPhones, m.subscribedApps].some((o) => o?.ok);
    return answered ? ok('the WABA id and the phone number id are of their kinds') : skip('no id was checked');
  }),
};
