import type { MetaError } from './types.js';

/** Meta's title, HTTP status and type per code (filled in from Meta's error-codes page). */
interface CatalogEntry {
  title: string;
  httpStatus: number;
  type?: string;
  subcode?: number;
}

const CATALOG: Record<number, CatalogEntry> = {
  100: { title: 'Invalid parameter', httpStatus: 400 },
};

export function metaError(code: number, details: string, overrides: Partial<MetaError> = {}): MetaError {
  const entry = CATALOG[code] ?? { title: 'Unknown error', httpStatus: 400 };
  return {
    code,
    title: entry.title,
    details,
    httpStatus: entry.httpStatus,
    type: entry.type ?? 'OAuthException',
    ...(entry.subcode !== undefined ? { subcode: entry.subcode } : {}),
    ...overrides,
  };
}

/** Meta's synchronous error envelope. */
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
