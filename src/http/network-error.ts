/**
 * Why an outbound request got no HTTP answer, said once for every caller: Node's errno codes, OpenSSL's (through
 * Node's TLS), undici's UND_ERR_* and AbortSignal's DOMExceptions all come down to one kind and one code here.
 * Pure: no I/O.
 */

export type NetworkErrorKind =
  /** Nothing listens on that port (ECONNREFUSED). */
  | 'refused'
  /** The host name does not resolve (ENOTFOUND), or not right now (EAI_AGAIN). */
  | 'dns'
  /** The overall deadline passed, or a connect / head / body timer ran out (code ETIMEDOUT). */
  | 'timeout'
  /** The peer closed the connection before a whole answer (ECONNRESET, EPIPE). */
  | 'reset'
  /** The TLS handshake failed or the certificate was refused (code as OpenSSL names it: CERT_HAS_EXPIRED…). */
  | 'tls'
  /** https:// to a port that answered in plain HTTP ("this port speaks http"). */
  | 'plain-http'
  /** No route to the host (EHOSTUNREACH, ENETUNREACH…). */
  | 'unreachable'
  /** The caller cancelled (Ctrl-C, close()): not the target's fault (code ABORT_ERR). */
  | 'aborted'
  | 'other';

export interface NetworkError {
  kind: NetworkErrorKind;
  /** ECONNREFUSED, ENOTFOUND, EAI_AGAIN, ETIMEDOUT, ECONNRESET, ABORT_ERR, a TLS code, or the error's own code; '' when it has none. */
  code: string;
  /** One line from the error itself (the deadline's "no answer within N ms" for a timeout). */
  message: string;
}

const TIMEOUTS = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** undici's "other side closed" and a closed client are what node:http called ECONNRESET. */
const CLOSED = new Set(['UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ENETDOWN']);
const ABORTED = new Set(['ABORT_ERR', 'UND_ERR_ABORTED', 'UND_ERR_DESTROYED']);
/** OpenSSL's answer when the bytes that came back are plain HTTP, not a TLS record (1.1/3.0 and 3.2+ wording). */
const PLAIN_HTTP_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);
const PLAIN_HTTP_TEXT = /wrong version number|packet length too long/i;
const TLS_CODE =
  /^(ERR_SSL_|ERR_TLS_|EPROTO$|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|HOSTNAME_MISMATCH$)/;

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function shapeOf(value: unknown): ErrorShape {
  return typeof value === 'object' && value !== null ? value : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * The error that says why: a happy-eyeballs connect (localhost → ::1 and 127.0.0.1) fails with an
 * AggregateError of per-address errors, and fetch-style errors carry the real one as `cause`.
 */
function innermost(error: unknown): ErrorShape {
  let e = shapeOf(error);
  for (let depth = 0; depth < 4; depth++) {
    if (Array.isArray(e.errors) && e.errors.length > 0 && !text(e.code)) e = shapeOf(e.errors[0]);
    else if (e.cause !== undefined && !text(e.code)) e = shapeOf(e.cause);
    else break;
  }
  return e;
}

/** One kind and one code for any error an outbound HTTP request can end with. */
export function toNetworkError(error: unknown): NetworkError {
  const outer = shapeOf(error);
  const e = innermost(error);
  const rawCode = text(e.code) || text(outer.code);
  const message = (text(e.message) || text(outer.message) || String(error)).split('\n')[0] ?? '';
  const name = text(e.name) || text(outer.name);
  if (name === 'TimeoutError' || TIMEOUTS.has(rawCode)) return { kind: 'timeout', code: 'ETIMEDOUT', message };
  if (name === 'AbortError' || ABORTED.has(rawCode)) return { kind: 'aborted', code: 'ABORT_ERR', message };
  if (rawCode === 'ECONNREFUSED') return { kind: 'refused', code: rawCode, message };
  if (rawCode === 'ENOTFOUND' || rawCode === 'EAI_AGAIN') return { kind: 'dns', code: rawCode, message };
  if (PLAIN_HTTP_CODES.has(rawCode) || PLAIN_HTTP_TEXT.test(message))
    return { kind: 'plain-http', code: rawCode || 'ERR_SSL_WRONG_VERSION_NUMBER', message };
  if (TLS_CODE.test(rawCode)) return { kind: 'tls', code: rawCode, message };
  if (rawCode === 'ECONNRESET' || rawCode === 'EPIPE') return { kind: 'reset', code: rawCode, message };
  if (CLOSED.has(rawCode)) return { kind: 'reset', code: 'ECONNRESET', message };
  if (UNREACHABLE.has(rawCode)) return { kind: 'unreachable', code: rawCode, message };
  return { kind: 'other', code: rawCode, message };
}

/** The error an overall deadline aborts with: maps to kind `timeout`. */
export function deadlineError(timeoutMs: number): Error {
  return Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
}

/** The error a caller's cancellation aborts with: maps to kind `aborted`. */
export function cancelledError(): Error {
  return Object.assign(new Error('cancelled'), { name: 'AbortError', code: 'ABORT_ERR' });
}
