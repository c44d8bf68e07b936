import type { MetaError } from './types.js';

// Titles and HTTP statuses from Meta's error codes page:
// https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
// (131030 from https://developers.facebook.com/documentation/business-messaging/whatsapp/calling/troubleshooting,
// 131062 from https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids).

interface CatalogEntry {
  title: string;
  httpStatus: number;
}

const CATALOG: Readonly<Record<number, CatalogEntry>> = {
  0: { title: 'AuthException', httpStatus: 401 },
  1: { title: 'API Unknown', httpStatus: 400 },
  2: { title: 'API Service', httpStatus: 503 },
  3: { title: 'API Method', httpStatus: 500 },
  4: { title: 'API Too Many Calls', httpStatus: 400 },
  10: { title: 'Permission Denied', httpStatus: 403 },
  33: { title: 'Parameter value is not valid', httpStatus: 400 },
  100: { title: 'Invalid parameter', httpStatus: 400 },
  190: { title: 'Access token has expired', httpStatus: 401 },
  368: { title: 'Temporarily blocked for policies violations', httpStatus: 403 },
  80007: { title: 'Rate limit issues', httpStatus: 400 },
  130429: { title: 'Rate limit hit', httpStatus: 400 },
  130472: { title: "User's number is part of an experiment", httpStatus: 400 },
  130497: { title: 'Business account is restricted from messaging users in this country.', httpStatus: 403 },
  131000: { title: 'Something went wrong', httpStatus: 500 },
  131005: { title: 'Access denied', httpStatus: 403 },
  131008: { title: 'Required parameter is missing', httpStatus: 400 },
  131009: { title: 'Parameter value is not valid', httpStatus: 400 },
  131016: { title: 'Service unavailable', httpStatus: 500 },
  131021: { title: 'Recipient cannot be sender', httpStatus: 400 },
  131026: { title: 'Message Undeliverable', httpStatus: 400 },
  131030: { title: 'Recipient phone number not in allowed list', httpStatus: 400 },
  131031: { title: 'Account has been locked', httpStatus: 403 },
  131037: {
    title: 'WhatsApp provided number needs display name approval before message can be sent.',
    httpStatus: 400,
  },
  131042: { title: 'Business eligibility payment issue', httpStatus: 400 },
  131045: { title: 'Incorrect certificate', httpStatus: 500 },
  131047: { title: 'Re-engagement message', httpStatus: 400 },
  131048: { title: 'Spam rate limit hit', httpStatus: 400 },
  131049: { title: 'Meta chose not to deliver.', httpStatus: 400 },
  131050: { title: 'User has stopped receipt of marketing messages.', httpStatus: 400 },
  131051: { title: 'Unsupported message type', httpStatus: 400 },
  131052: { title: 'Media download error', httpStatus: 400 },
  131053: { title: 'Media upload error', httpStatus: 400 },
  131056: { title: '(Business Account, Consumer Account) pair rate limit hit', httpStatus: 400 },
  131057: { title: 'Account in maintenance mode', httpStatus: 500 },
  131062: {
    title:
      "You can only send authentication messages to recipients' phone numbers, not their business-scoped user IDs.",
    httpStatus: 400,
  },
  132000: { title: 'Template Param Count Mismatch', httpStatus: 400 },
  132001: { title: 'Template does not exist', httpStatus: 404 },
  132005: { title: 'Template Hydrated Text Too Long', httpStatus: 400 },
  132007: { title: 'Template Format Character Policy Violated', httpStatus: 400 },
  132012: { title: 'Template Parameter Format Mismatch', httpStatus: 400 },
  132015: { title: 'Template is Paused', httpStatus: 400 },
  132016: { title: 'Template is Disabled', httpStatus: 400 },
  132068: { title: 'Flow is blocked', httpStatus: 400 },
  132069: { title: 'Flow is throttled', httpStatus: 400 },
  133010: { title: 'Phone number Not Registered', httpStatus: 400 },
  135000: { title: 'Generic user error', httpStatus: 400 },
};

/** Codes Meta documents in the table above (the server's `local fail` accepts these). */
export const KNOWN_CODES: readonly number[] = [...Object.keys(CATALOG).map(Number), 463];

export function isKnownCode(code: number): boolean {
  return code in CATALOG || code === 463;
}

/**
 * One of Meta's errors, titled and statused as Meta's table says. 463 is not a code of its own: it is the subcode
 * Graph sends with 190 when the token has expired, so `metaError(463, …)` gives code 190, subcode 463.
 */
export function metaError(code: number, details: string, overrides: Partial<MetaError> = {}): MetaError {
  if (code === 463) {
    return metaError(190, details, {
      subcode: 463,
      message: 'Error validating access token: Session has expired',
      ...overrides,
    });
  }
  const entry = CATALOG[code] ?? { title: 'Something went wrong', httpStatus: 400 };
  return { code, title: entry.title, details, httpStatus: entry.httpStatus, type: 'OAuthException', ...overrides };
}

/** Meta's synchronous error envelope: `message` is "(#code) Title", `error_data.details` the explanation. */
export function metaErrorBody(error: MetaError, fbtraceId: string): { error: Record<string, unknown> } {
  return {
    error: {
      message: error.message ?? `(#${error.code}) ${error.title}`,
      type: error.type,
      code: error.code,
      error_data: { messaging_product: 'whatsapp', details: error.details },
      ...(error.subcode !== undefined ? { error_subcode: error.subcode } : {}),
      fbtrace_id: fbtraceId,
    },
  };
}

/** The `errors[]` item of a `failed` status webhook (Meta: message equals title). */
export function statusErrorOf(error: MetaError): Record<string, unknown> {
  return {
    code: error.code,
    title: error.title,
    message: error.title,
    error_data: { details: error.details },
    href: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes',
  };
}
