import type { MetaError } from './types.js';
import { META_ERROR_CODES } from '../../graph/error-catalog.js';

/** Codes local WhatsApp can answer with: those with Meta's title and status in the catalog, and 463 (see metaError). */
export const KNOWN_CODES: readonly number[] = [
  ...Object.entries(META_ERROR_CODES)
    .filter(([, entry]) => entry.title !== undefined)
    .map(([code]) => Number(code)),
  463,
];

export function isKnownCode(code: number): boolean {
  return KNOWN_CODES.includes(code);
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
  const entry = META_ERROR_CODES[code];
  const title = entry?.title ?? 'Something went wrong';
  return { code, title, details, httpStatus: entry?.httpStatus ?? 400, type: 'OAuthException', ...overrides };
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
