import { refuse } from './check.js';

// How Meta reads `to`, from https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages
// ("WhatsApp user phone number formats"): `+`, `-`, `(`, `)` and spaces are accepted; without the plus sign the
// business phone number's country calling code is prepended. `to` (and whatsapp-api-js's `recipient`) may also hold a
// business-scoped user ID: https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids

/** Two-digit ITU country calling codes; 1 and 7 are the one-digit ones, every other code has three digits. */
const TWO_DIGIT_CODES = new Set(
  '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(
    ' ',
  ),
);

/** The country calling code a full international number starts with (the ITU plan is prefix-free). */
export function countryCallingCode(digits: string): string {
  if (digits.startsWith('1') || digits.startsWith('7')) return digits.slice(0, 1);
  if (TWO_DIGIT_CODES.has(digits.slice(0, 2))) return digits.slice(0, 2);
  return digits.slice(0, 3);
}

/** BSUIDs: up to 256 characters, letters and digits (Meta's example: "user.9373…" with a dot). */
const BSUID = /^[A-Za-z][A-Za-z0-9._-]{0,255}$/;

export interface Recipient {
  id: string; // wa_id digits, or the BSUID
  bsuid: boolean;
  warnings: string[];
}

export function readRecipient(
  to: unknown,
  recipient: unknown,
  businessNumber: string,
  known: (waId: string) => boolean,
): Recipient {
  if (to === undefined || to === null || to === '') {
    if (recipient === undefined) refuse(131008, "Parameter 'to' is required");
    if (typeof recipient !== 'string' || !BSUID.test(recipient)) {
      refuse(100, `recipient must be a business-scoped user ID, got ${JSON.stringify(recipient)}`);
    }
    return { id: recipient, bsuid: true, warnings: [] };
  }
  if (typeof to === 'number' && Number.isSafeInteger(to)) {
    // A JSON number: how Meta treats one is not documented, so it is read leniently as its digits (no +).
    const read = phoneRecipient(String(to), businessNumber, known);
    return { ...read, warnings: [`to is a number; read as the string "${to}"`, ...read.warnings] };
  }
  if (typeof to !== 'string') refuse(100, `to must be a string, got ${JSON.stringify(to)}`);
  if (BSUID.test(to)) return { id: to, bsuid: true, warnings: [] };
  return phoneRecipient(to, businessNumber, known);
}

function phoneRecipient(to: string, businessNumber: string, known: (waId: string) => boolean): Recipient {
  const compact = to.replace(/[\s()-]/g, '');
  if (!/^\+?\d+$/.test(compact)) {
    refuse(100, `to "${to}" is not a phone number: Meta accepts digits, +, -, (, ) and spaces`);
  }
  const warnings: string[] = [];
  let digits = compact.replace('+', '');
  if (!compact.startsWith('+') && !known(digits)) {
    if (digits.startsWith('00')) refuse(100, `to "${to}" starts with 00: write the number with + and its country code`);
    const code = countryCallingCode(businessNumber);
    warnings.push(
      `to "${to}" has no + and is no customer's wa_id, so Meta prepends the business number's country code: it goes to +${code}${digits}`,
    );
    digits = code + digits;
  }
  if (digits.length < 7 || digits.length > 15) {
    refuse(100, `to "${to}" has ${digits.length} digits once normalised; a phone number has 7 to 15`);
  }
  if (digits === businessNumber) refuse(131021, `to ${to} is the business phone number itself`);
  return { id: digits, bsuid: false, warnings };
}
