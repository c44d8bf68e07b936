import { describe, expect, it } from 'vitest';
import { cancelledError, deadlineError, toNetworkError } from '../../../src/http/network-error.js';

const coded = (code: string, message = `boom ${code}`) => Object.assign(new Error(message), { code });

describe('toNetworkError: one kind and code for every way a request can end without an answer', () => {
  it.each([
    ['Node refused', coded('ECONNREFUSED'), 'refused', 'ECONNREFUSED'],
    ['DNS', coded('ENOTFOUND'), 'dns', 'ENOTFOUND'],
    ['DNS, temporary', coded('EAI_AGAIN'), 'dns', 'EAI_AGAIN'],
    ['OS timeout', coded('ETIMEDOUT'), 'timeout', 'ETIMEDOUT'],
    ["undici's connect timer", coded('UND_ERR_CONNECT_TIMEOUT'), 'timeout', 'ETIMEDOUT'],
    ["undici's head timer", coded('UND_ERR_HEADERS_TIMEOUT'), 'timeout', 'ETIMEDOUT'],
    ["undici's body timer", coded('UND_ERR_BODY_TIMEOUT'), 'timeout', 'ETIMEDOUT'],
    [
      "AbortSignal.timeout's DOMException",
      new DOMException('signal timed out', 'TimeoutError'),
      'timeout',
      'ETIMEDOUT',
    ],
    ['the overall deadline', deadlineError(300), 'timeout', 'ETIMEDOUT'],
    ['reset', coded('ECONNRESET'), 'reset', 'ECONNRESET'],
    ['broken pipe', coded('EPIPE'), 'reset', 'EPIPE'],
    ['undici "other side closed"', coded('UND_ERR_SOCKET'), 'reset', 'ECONNRESET'],
    ['self-signed', coded('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['expired', coded('CERT_HAS_EXPIRED'), 'tls', 'CERT_HAS_EXPIRED'],
    ['host name', coded('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['chain', coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'tls', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['https to a plain-http port', coded('ERR_SSL_WRONG_VERSION_NUMBER'), 'plain-http', 'ERR_SSL_WRONG_VERSION_NUMBER'],
    [
      'the same, OpenSSL 3.2 wording',
      coded('ERR_SSL_PACKET_LENGTH_TOO_LONG'),
      'plain-http',
      'ERR_SSL_PACKET_LENGTH_TOO_LONG',
    ],
    ['unreachable', coded('ENETUNREACH'), 'unreachable', 'ENETUNREACH'],
    ['cancelled', cancelledError(), 'aborted', 'ABORT_ERR'],
    ['abort() without a reason', new DOMException('This operation was aborted', 'AbortError'), 'aborted', 'ABORT_ERR'],
    ['a destroyed pool', coded('UND_ERR_DESTROYED'), 'aborted', 'ABORT_ERR'],
    ['anything else', coded('EWHATEVER'), 'other', 'EWHATEVER'],
    ['not even an Error', 'weird', 'other', ''],
  ])('%s', (_name, error, kind, code) => {
    expect(toNetworkError(error)).toMatchObject({ kind, code });
  });

  it('looks inside a happy-eyeballs AggregateError and a fetch-style cause', () => {
    const aggregate = new AggregateError([coded('ECONNREFUSED', 'connect ECONNREFUSED ::1:9'), coded('ECONNREFUSED')]);
    expect(toNetworkError(aggregate)).toEqual({
      kind: 'refused',
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED ::1:9',
    });
    const wrapped = new TypeError('fetch failed', { cause: coded('ENOTFOUND', 'getaddrinfo ENOTFOUND x.invalid') });
    expect(toNetworkError(wrapped)).toMatchObject({ kind: 'dns', message: 'getaddrinfo ENOTFOUND x.invalid' });
  });

  it('keeps the message to one line (OpenSSL appends its source location)', () => {
    expect(toNetworkError(coded('EPROTO', 'first line\nsecond')).message).toBe('first line');
    expect(deadlineError(1500).message).toBe('no answer within 1500 ms');
  });
});
