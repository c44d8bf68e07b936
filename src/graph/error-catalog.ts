/**
 * Meta's WhatsApp Cloud API error codes, in one table: Meta's title and HTTP status (what local WhatsApp answers
 * with), and the cause in a bot developer's words with the next step (what doctor and the echo bot say).
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 * (mirror: github.com/kapso-meta-docs/documentation, documentation/whatsapp/error-codes.mdx, updated Nov 19 2025);
 * 131030's title from .../whatsapp/calling/troubleshooting, 131062 from .../whatsapp/business-scoped-user-ids.
 * Pure data. Codes not listed fall back to the generic link.
 */
export interface MetaErrorCode {
  /** Meta's title, as its answers carry it (`(#code) Title`); set for the codes local WhatsApp can answer. */
  title?: string;
  /** The HTTP status Meta answers with, alongside `title`. */
  httpStatus?: number;
  /** What happened, in a few words. */
  cause: string;
  /** What to do about it. */
  next: string;
}

export const ERROR_CODES_URL = 'developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes';

export const META_ERROR_CODES: Readonly<Record<number, MetaErrorCode>> = {
  // Authorization
  0: {
    title: 'AuthException',
    httpStatus: 401,
    cause: 'Meta could not authenticate the token (expired, revoked, or access removed)',
    next: 'generate a new token (system user recommended) and update WHATSAPP_ACCESS_TOKEN',
  },
  3: {
    title: 'API Method',
    httpStatus: 500,
    cause: 'the app lacks the capability or permission the endpoint needs',
    next: 'check the token in the access token debugger; it needs whatsapp_business_management and whatsapp_business_messaging',
  },
  10: {
    title: 'Permission Denied',
    httpStatus: 403,
    cause: 'permission not granted or removed',
    next: 'check the token in the access token debugger and generate it again with both whatsapp_business_* permissions',
  },
  190: {
    title: 'Access token has expired',
    httpStatus: 401,
    cause: 'the access token expired or is invalid',
    next: 'generate a new token (system user recommended) and update WHATSAPP_ACCESS_TOKEN',
  },
  200: {
    cause: 'an API permission is missing',
    next: 'give the system user the WABA asset and both whatsapp_business_* permissions, then generate a new token',
  },
  // Integrity
  368: {
    title: 'Temporarily blocked for policies violations',
    httpStatus: 403,
    cause: 'the WABA is temporarily blocked for a policy violation',
    next: 'see WhatsApp Manager → Account quality and the Policy Enforcement guide; request a review',
  },
  130497: {
    title: 'Business account is restricted from messaging users in this country.',
    httpStatus: 403,
    cause: 'the WABA may not message users in this country',
    next: 'see the WhatsApp Business Messaging Policy; such recipients cannot be messaged from this account',
  },
  131031: {
    title: 'Account has been locked',
    httpStatus: 403,
    cause: 'the WABA is locked (a policy violation, or a wrong two-step PIN in the request)',
    next: 'see WhatsApp Manager → Account quality (and the health_status field) and request a review; check the two-step PIN you send',
  },
  // Throttling
  4: {
    title: 'API Too Many Calls',
    httpStatus: 400,
    cause: 'the app made too many API calls',
    next: 'wait and retry with backoff; lower the call rate (App Dashboard → Application rate limit)',
  },
  80007: {
    title: 'Rate limit issues',
    httpStatus: 400,
    cause: 'the WABA reached its API rate limit',
    next: 'wait and retry with backoff; spread the calls over time',
  },
  130429: {
    title: 'Rate limit hit',
    httpStatus: 400,
    cause: 'the number reached its message throughput (80 messages/s by default)',
    next: 'queue sends and retry with backoff; throughput rises automatically with volume',
  },
  131048: {
    title: 'Spam rate limit hit',
    httpStatus: 400,
    cause: 'sends were limited because many earlier messages were blocked or flagged as spam',
    next: 'check the quality rating in WhatsApp Manager; send only messages users asked for',
  },
  131056: {
    title: '(Business Account, Consumer Account) pair rate limit hit',
    httpStatus: 400,
    cause: 'too many messages to the same user in a short time (pair rate limit: about 1 per 6 s)',
    next: 'wait before messaging that user again (retry after 4^n seconds)',
  },
  133016: {
    cause: 'the number was registered and deregistered too often',
    next: 'wait before registering the number again',
  },
  // Other
  1: {
    title: 'API Unknown',
    httpStatus: 400,
    cause: 'an unknown error at Meta (often an invalid request)',
    next: 'check the request against the endpoint reference; retry later; if it persists, contact Direct Support with the fbtrace_id',
  },
  2: {
    title: 'API Service',
    httpStatus: 503,
    cause: 'Meta’s service was temporarily unavailable',
    next: 'retry later; check the WhatsApp Business Platform status page',
  },
  33: {
    title: 'Parameter value is not valid',
    httpStatus: 400,
    cause: 'an id in the request does not exist or cannot be used (e.g. the phone number id)',
    next: 'check the phone number id in WhatsApp → API Setup',
  },
  100: {
    title: 'Invalid parameter',
    httpStatus: 400,
    cause: 'an invalid or unknown parameter (or an id this token cannot see)',
    next: 'check the parameter named in error_data.details (spelling, type, ids from API Setup)',
  },
  130472: {
    title: "User's number is part of an experiment",
    httpStatus: 400,
    cause: 'the user’s number is part of a Meta experiment that withholds some marketing messages',
    next: 'nothing to fix; do not retry that marketing message',
  },
  131000: {
    title: 'Something went wrong',
    httpStatus: 500,
    cause: 'something went wrong at Meta',
    next: 'retry; if it persists, contact Direct Support with the fbtrace_id',
  },
  131005: {
    title: 'Access denied',
    httpStatus: 403,
    cause: 'access denied',
    next: 'check the token’s permissions in the access token debugger',
  },
  131008: {
    title: 'Required parameter is missing',
    httpStatus: 400,
    cause: 'a required parameter is missing',
    next: 'add the parameter named in error_data.details',
  },
  131009: {
    title: 'Parameter value is not valid',
    httpStatus: 400,
    cause: 'a parameter value is not valid (or a reaction to an unknown, old or reaction message)',
    next: 'fix the value named in error_data.details; check the phone number is added and registered',
  },
  131016: {
    title: 'Service unavailable',
    httpStatus: 500,
    cause: 'a Meta service was temporarily unavailable',
    next: 'retry later; check the status page',
  },
  131021: {
    title: 'Recipient cannot be sender',
    httpStatus: 400,
    cause: 'the recipient is the sending number itself',
    next: 'send to another number',
  },
  131026: {
    title: 'Message Undeliverable',
    httpStatus: 400,
    cause: 'the message was undeliverable (not on WhatsApp, old app version, terms not accepted, or a restriction)',
    next: 'check the recipient has WhatsApp and an up-to-date app; do not retry blindly',
  },
  131030: {
    title: 'Recipient phone number not in allowed list',
    httpStatus: 400,
    cause: 'the recipient is not in the test number’s allowed list',
    next: 'add it in WhatsApp → API Setup → To (in the same form Meta shows it in incoming messages)',
  },
  131037: {
    title: 'WhatsApp provided number needs display name approval before message can be sent.',
    httpStatus: 400,
    cause: 'the display name must be approved before this number can send',
    next: 'wait for the display name review (WhatsApp Manager → Phone numbers)',
  },
  131042: {
    title: 'Business eligibility payment issue',
    httpStatus: 400,
    cause: 'a payment or eligibility problem on the WABA (business eligibility payment issue)',
    next: 'set up billing: add a payment method to the WABA in Business settings → WhatsApp accounts → Billing; check its currency and time zone',
  },
  131045: {
    title: 'Incorrect certificate',
    httpStatus: 500,
    cause: 'the number’s certificate is wrong (registration incomplete)',
    next: 'register the number again (POST /{phone-number-id}/register with the two-step PIN)',
  },
  131047: {
    title: 'Re-engagement message',
    httpStatus: 400,
    cause: 'more than 24 h since the user last wrote: only a template may be sent',
    next: 'send an approved template to users who have not written for 24 h',
  },
  131049: {
    title: 'Meta chose not to deliver.',
    httpStatus: 400,
    cause: 'Meta chose not to deliver this marketing message (per-user marketing limit, for ecosystem health)',
    next: 'do not retry at once; send marketing less often to that user',
  },
  131050: {
    title: 'User has stopped receipt of marketing messages.',
    httpStatus: 400,
    cause: 'the user stopped marketing messages from this business',
    next: 'do not send marketing messages to that user',
  },
  131051: {
    title: 'Unsupported message type',
    httpStatus: 400,
    cause: 'an unsupported message type',
    next: 'use a supported message type',
  },
  131052: {
    title: 'Media download error',
    httpStatus: 400,
    cause: 'a media file the user sent could not be downloaded',
    next: 'ask the user to send it again; check error_data.details',
  },
  131053: {
    title: 'Media upload error',
    httpStatus: 400,
    cause: 'the media upload failed (often a MIME type that does not match the file)',
    next: 'check the file’s MIME type and size against the supported media types',
  },
  131055: { cause: 'the method is not allowed', next: 'check the HTTP method and endpoint' },
  131057: {
    title: 'Account in maintenance mode',
    httpStatus: 500,
    cause: 'the account is in maintenance mode (e.g. a throughput upgrade)',
    next: 'wait a few minutes and retry',
  },
  132000: {
    title: 'Template Param Count Mismatch',
    httpStatus: 400,
    cause: 'the number of template parameters does not match the template',
    next: 'send exactly the variables the template defines',
  },
  132001: {
    title: 'Template does not exist',
    httpStatus: 404,
    cause: 'the template does not exist in that language, or is not approved',
    next: 'check the template name and language code in WhatsApp Manager → Message templates',
  },
  132005: {
    title: 'Template Hydrated Text Too Long',
    httpStatus: 400,
    cause: 'the template text with its parameters is too long',
    next: 'shorten the parameters',
  },
  132007: {
    title: 'Template Format Character Policy Violated',
    httpStatus: 400,
    cause: 'the template content breaks WhatsApp policy',
    next: 'edit the template per the template guidelines',
  },
  132012: {
    title: 'Template Parameter Format Mismatch',
    httpStatus: 400,
    cause: 'a template parameter has the wrong format (e.g. a media header of another type)',
    next: 'send the parameter types the template defines',
  },
  132015: {
    title: 'Template is Paused',
    httpStatus: 400,
    cause: 'the template is paused for low quality',
    next: 'edit the template (WhatsApp Manager → Message templates) or use another',
  },
  132016: {
    title: 'Template is Disabled',
    httpStatus: 400,
    cause: 'the template is disabled (paused too often for low quality)',
    next: 'create a new template with different content',
  },
  132068: {
    title: 'Flow is blocked',
    httpStatus: 400,
    cause: 'the flow is blocked',
    next: 'fix the flow in WhatsApp Manager → Flows',
  },
  132069: {
    title: 'Flow is throttled',
    httpStatus: 400,
    cause: 'the flow is throttled (10 messages with this flow in the last hour)',
    next: 'wait, or fix the flow’s health',
  },
  133000: {
    cause: 'a previous deregistration did not complete',
    next: 'deregister the number again, then register it',
  },
  133004: { cause: 'the server was temporarily unavailable', next: 'retry later' },
  133005: {
    cause: 'the two-step verification PIN is wrong',
    next: 'send the right PIN, or reset it in WhatsApp Manager → Phone numbers → Two-step verification',
  },
  133006: {
    cause: 'the phone number must be verified again before registering',
    next: 'verify the number (request and enter the SMS/voice code), then register it',
  },
  133008: { cause: 'too many two-step PIN guesses', next: 'wait for the time given in error_data.details' },
  133009: { cause: 'two-step PIN guessed too fast', next: 'wait for the time given in error_data.details' },
  133010: {
    title: 'Phone number Not Registered',
    httpStatus: 400,
    cause: 'the number is not registered with Cloud API',
    next: 'register the number (see meta.phone-registered): POST /{phone-number-id}/register with a 6-digit PIN',
  },
  133015: {
    cause: 'the number was deleted recently and cannot be registered yet',
    next: 'wait 5 minutes, then register it again',
  },
  134011: {
    cause: 'the WhatsApp Payments terms of service were not accepted',
    next: 'accept them in WhatsApp Manager',
  },
  134100: { cause: 'only marketing messages are supported on this endpoint', next: 'send marketing templates only' },
  134101: { cause: 'the template is still syncing', next: 'wait a few minutes and retry' },
  135000: {
    title: 'Generic user error',
    httpStatus: 400,
    cause: 'a generic user error (often an unsupported parameter combination)',
    next: 'check the request against the endpoint reference',
  },
  131062: {
    title:
      "You can only send authentication messages to recipients' phone numbers, not their business-scoped user IDs.",
    httpStatus: 400,
    cause: 'authentication templates may be sent to phone numbers only, not to business-scoped user ids',
    next: "send the authentication template to the user's phone number",
  },
};

/** The entry for a code; 200–299 share one entry. Undefined for codes Meta does not document. */
export function errorCodeHelp(code: number): MetaErrorCode | undefined {
  return META_ERROR_CODES[code] ?? (code > 200 && code <= 299 ? META_ERROR_CODES[200] : undefined);
}

/** "cause — next step" for a code, as one hint line. */
export function errorCodeHint(code: number): string | undefined {
  const help = errorCodeHelp(code);
  return help && `${help.cause} — ${help.next}`;
}
