import { describe, expect, it } from 'vitest';
import {
  buildVerificationUrl,
  displayVerificationUrl,
  judgeVerification,
  type ProbeResponse,
  type VerificationCause,
} from '../../../src/verification/judge.js';
import { judgeVerifyToken, judgeWrongToken } from '../../../src/verification/judge-token.js';
import { isLoopbackHost } from '../../../src/verification/url.js';
import { toNetworkError } from '../../../src/http/network-error.js';

const C = '1158201444';
const LOCAL = `http://127.0.0.1:8000/webhook?hub.mode=subscribe&hub.challenge=${C}&hub.verify_token=t`;
const PUBLIC = `https://abc.trycloudflare.com/webhook?hub.mode=subscribe&hub.challenge=${C}&hub.verify_token=t`;

function answer(status: number, body: string, headers: Record<string, string> = {}, ms = 12): ProbeResponse {
  return { status, body, headers, ms };
}

const html = (inner: string) => `<!DOCTYPE html><html><head><title>x</title></head><body>${inner}</body></html>`;

describe('buildVerificationUrl', () => {
  it.each([
    [
      'plain callback',
      'https://h.example/webhook',
      'tok',
      `https://h.example/webhook?hub.mode=subscribe&hub.challenge=${C}&hub.verify_token=tok`,
    ],
    [
      'keeps its own query',
      'https://h.example/wh?app=1',
      'tok',
      `https://h.example/wh?app=1&hub.mode=subscribe&hub.challenge=${C}&hub.verify_token=tok`,
    ],
    [
      'drops stale hub.* values and the hash',
      'https://h.example/wh?hub.mode=x&a=b#frag',
      'tok',
      `https://h.example/wh?a=b&hub.mode=subscribe&hub.challenge=${C}&hub.verify_token=tok`,
    ],
    [
      'URL-encodes the token',
      'http://127.0.0.1:8000/webhook',
      'a b&c=d/é+',
      `http://127.0.0.1:8000/webhook?hub.mode=subscribe&hub.challenge=${C}&hub.verify_token=a%20b%26c%3Dd%2F%C3%A9%2B`,
    ],
  ])('%s', (_name, callback, token, expected) => {
    expect(buildVerificationUrl(callback, C, token)).toBe(expected);
    expect(new URL(expected).searchParams.get('hub.verify_token')).toBe(token);
  });

  it('masks the token for display', () => {
    const shown = displayVerificationUrl('https://h.example/webhook', C, 'supersecret-token');
    expect(shown).toBe(`https://h.example/webhook?hub.mode=subscribe&hub.challenge=${C}&hub.verify_token=supe…`);
    expect(shown).not.toContain('supersecret');
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.1', true],
    ['localhost', true],
    ['app.localhost', true],
    ['[::1]', true],
    ['abc.trycloudflare.com', false],
    ['192.168.1.2', false],
    ['128.0.0.1', false],
  ])('isLoopbackHost(%j) = %j', (host, expected) => expect(isLoopbackHost(host)).toBe(expected));
});

describe('judgeVerification: answers', () => {
  const rows: Array<[string, string, ProbeResponse, VerificationCause, boolean, RegExp]> = [
    ['exact challenge', LOCAL, answer(200, C), 'ok', true, /verification passed \(200, body = challenge, 12 ms\)/],
    [
      'exact challenge with text/html (Meta does not check it)',
      PUBLIC,
      answer(200, C, { 'content-type': 'text/html' }),
      'ok',
      true,
      /passed/,
    ],
    ['403 wrong token', LOCAL, answer(403, 'Forbidden'), 'wrong-token', false, /403/],
    ['401 wrong token', LOCAL, answer(401, ''), 'wrong-token', false, /401/],
    [
      '401 from signature middleware on the GET',
      LOCAL,
      answer(401, '{"error":"Missing X-Hub-Signature-256 header"}', { 'content-type': 'application/json' }),
      'signature-required-on-get',
      false,
      /asking for a signature.*also guards the verification GET/,
    ],
    [
      '403 HTML page',
      PUBLIC,
      answer(403, html('Access denied'), { 'content-type': 'text/html' }),
      'access-denied-page',
      false,
      /HTML/,
    ],
    ['404 wrong path', LOCAL, answer(404, 'Not Found'), 'wrong-path', false, /404/],
    ['405 POST-only route', LOCAL, answer(405, ''), 'method-not-allowed', false, /405/],
    ['400 rejected', LOCAL, answer(400, 'missing hub_mode'), 'bad-request', false, /400/],
    ['204 no content', LOCAL, answer(204, ''), 'not-200', false, /exactly 200/],
    ['418 other status', LOCAL, answer(418, 'teapot'), 'unexpected-status', false, /418/],
    [
      '302 redirect',
      PUBLIC,
      answer(302, '', { location: 'https://abc.trycloudflare.com/webhook/' }),
      'redirect',
      false,
      /302 redirect to https:\/\/abc\.trycloudflare\.com\/webhook\//,
    ],
    ['301 without Location', PUBLIC, answer(301, ''), 'redirect', false, /no Location/],
    ['502 behind a tunnel', PUBLIC, answer(502, 'Bad Gateway'), 'origin-unreachable', false, /502/],
    ['504 behind a proxy', PUBLIC, answer(504, ''), 'origin-unreachable', false, /504/],
    ['500 receiver crash', LOCAL, answer(500, 'TypeError: x is undefined'), 'server-error', false, /500/],
    ['530 error code 1033', PUBLIC, answer(530, 'error code: 1033'), 'tunnel-not-ready', false, /1033/],
    ['530 alone', PUBLIC, answer(530, ''), 'tunnel-not-ready', false, /530/],
    [
      'loca.lt reminder (401 HTML)',
      PUBLIC,
      answer(401, html('<h1>Friendly Reminder</h1> visit loca.lt/mytunnelpassword'), { 'content-type': 'text/html' }),
      'localtunnel-reminder',
      false,
      /Friendly Reminder/,
    ],
    [
      'loca.lt wrong endpoint IP',
      PUBLIC,
      answer(401, html('Error: endpoint IP is not correct.')),
      'localtunnel-reminder',
      false,
      /loca\.lt/,
    ],
    [
      'loca.lt tunnel gone',
      PUBLIC,
      answer(503, '503 - Tunnel Unavailable'),
      'tunnel-offline',
      false,
      /localtunnel client is gone/,
    ],
    [
      'ngrok browser warning',
      PUBLIC,
      answer(200, html('<a>ngrok-skip-browser-warning</a> ERR_NGROK_6024'), { 'content-type': 'text/html' }),
      'ngrok-browser-warning',
      false,
      /ngrok/,
    ],
    ['ngrok endpoint offline', PUBLIC, answer(404, 'ERR_NGROK_3200'), 'tunnel-offline', false, /offline/],
    [
      'ngrok cannot reach origin',
      PUBLIC,
      answer(502, html('ERR_NGROK_8012')),
      'origin-unreachable',
      false,
      /ERR_NGROK_8012/,
    ],
    [
      'Cloudflare challenge by header',
      PUBLIC,
      answer(403, html('Just a moment...'), { 'cf-mitigated': 'challenge', 'content-type': 'text/html' }),
      'cloudflare-challenge',
      false,
      /Cloudflare/,
    ],
    [
      'Cloudflare WAF block page',
      PUBLIC,
      answer(403, html('<title>Attention Required! | Cloudflare</title>Sorry, you have been blocked')),
      'cloudflare-challenge',
      false,
      /Cloudflare/,
    ],
    [
      'generic HTML page with 200',
      PUBLIC,
      answer(200, html('Welcome'), { 'content-type': 'text/html; charset=utf-8' }),
      'html-page',
      false,
      /HTML page/,
    ],
    [
      'HTML detected by its first bytes',
      PUBLIC,
      answer(200, '<html><body>hi</body></html>'),
      'html-page',
      false,
      /HTML page/,
    ],
    [
      'JSON-quoted challenge',
      LOCAL,
      answer(200, `"${C}"`, { 'content-type': 'application/json' }),
      'json-challenge',
      false,
      /JSON/,
    ],
    ['JSON object with hub.challenge', LOCAL, answer(200, `{"hub.challenge":"${C}"}`), 'json-challenge', false, /JSON/],
    ['JSON object with a numeric challenge', LOCAL, answer(200, `{"challenge":${C}}`), 'json-challenge', false, /JSON/],
    ['trailing newline', LOCAL, answer(200, `${C}\n`), 'whitespace-around-challenge', false, /\\n/],
    ['leading space', LOCAL, answer(200, ` ${C}`), 'whitespace-around-challenge', false, /whitespace/],
    ['empty body', LOCAL, answer(200, ''), 'empty-body', false, /empty/],
    ['challenge plus text', LOCAL, answer(200, `challenge=${C}`), 'body-mismatch', false, /also other text/],
    ['other body', LOCAL, answer(200, 'OK'), 'body-mismatch', false, new RegExp(`expected "${C}", got "OK"`)],
    [
      'right answer over plain http on a public host',
      PUBLIC.replace('https:', 'http:'),
      answer(200, C),
      'http-not-https',
      false,
      /https:\/\//,
    ],
    ['right answer but 6 s', PUBLIC, answer(200, C, {}, 6200), 'too-slow', false, /6\.2 s/],
  ];

  it.each(rows)('%s', (_name, url, response, cause, ok, message) => {
    const verdict = judgeVerification({ url, challenge: C, response });
    expect(verdict.cause).toBe(cause);
    expect(verdict.ok).toBe(ok);
    expect(verdict.message).toMatch(message);
    if (!ok) expect(verdict.hint).toMatch(/\S{3,}/);
  });

  it('never gives two failure classes the same hint', () => {
    const causeByHint = new Map<string, string>();
    for (const [, url, response, cause, ok] of rows) {
      if (ok) continue;
      const hint = judgeVerification({ url, challenge: C, response }).hint ?? '';
      expect(causeByHint.get(hint) ?? cause, `hint shared by ${cause}`).toBe(cause);
      causeByHint.set(hint, cause);
    }
  });

  it('wrong-token hint names whitespace, quotes and access tokens', () => {
    const v = judgeVerification({ url: LOCAL, challenge: C, response: answer(403, '') });
    expect(v.hint).toMatch(/whitespace/);
    expect(v.hint).toMatch(/quotes/);
    expect(v.hint).toMatch(/not an access token/);
  });
});

describe('judgeVerification: URL facts and timing', () => {
  it.each([
    ['slow answer warns', PUBLIC, 1500, true, ['slow']],
    ['fast public https: nothing to say', PUBLIC, 30, true, []],
    ['private address warns', `https://192.168.1.5/webhook?hub.challenge=${C}`, 10, true, ['private-address']],
    ['non-443 port warns', `https://hook.example.com:8443/webhook?hub.challenge=${C}`, 10, true, ['non-standard-port']],
    [
      'underscore in host warns',
      `https://my_hook.example.com/webhook?hub.challenge=${C}`,
      10,
      true,
      ['underscore-in-host'],
    ],
  ])('%s', (_name, url, ms, ok, causes) => {
    const v = judgeVerification({ url, challenge: C, response: answer(200, C, {}, ms) });
    expect(v.ok).toBe(ok);
    expect(v.warnings.map((w) => w.cause)).toEqual(causes);
  });

  it('keeps http-not-https as a warning when the answer already failed', () => {
    const v = judgeVerification({ url: PUBLIC.replace('https:', 'http:'), challenge: C, response: answer(404, '') });
    expect(v.cause).toBe('wrong-path');
    expect(v.warnings.map((w) => w.cause)).toContain('http-not-https');
  });

  it('tells a local pass that Meta needs the public URL', () => {
    expect(judgeVerification({ url: LOCAL, challenge: C, response: answer(200, C) }).hint).toMatch(/public https/);
  });
});

describe('judgeVerification: no answer', () => {
  it.each([
    ['refused locally', LOCAL, 'ECONNREFUSED', 'connection-refused', /wa-hook up/],
    ['refused on a public host', PUBLIC, 'ECONNREFUSED', 'connection-refused', /host and port/],
    ['DNS not found', PUBLIC, 'ENOTFOUND', 'dns-not-found', /typos/],
    ['DNS temporary failure', PUBLIC, 'EAI_AGAIN', 'dns-not-found', /internet connection/],
    ['timeout', PUBLIC, 'ETIMEDOUT', 'timeout', /never answered/],
    ['undici headers timeout', PUBLIC, 'UND_ERR_HEADERS_TIMEOUT', 'timeout', /never answered/],
    ['self-signed', PUBLIC, 'DEPTH_ZERO_SELF_SIGNED_CERT', 'tls-self-signed', /trusted CA/],
    ['self-signed in chain', PUBLIC, 'SELF_SIGNED_CERT_IN_CHAIN', 'tls-self-signed', /self-signed is not supported/],
    ['expired', PUBLIC, 'CERT_HAS_EXPIRED', 'tls-expired', /renew/],
    ['hostname mismatch', PUBLIC, 'ERR_TLS_CERT_ALTNAME_INVALID', 'tls-hostname-mismatch', /abc\.trycloudflare\.com/],
    ['incomplete chain', PUBLIC, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls-untrusted', /fullchain/],
    [
      'https to a plain-http port',
      LOCAL.replace('http:', 'https:'),
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'tls-not-spoken',
      /use http:\/\//,
    ],
    ['other TLS failure', PUBLIC, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'tls-error', /TLS/],
    ['socket closed', LOCAL, 'UND_ERR_SOCKET', 'connection-closed', /HTTPS port/],
    ['unreachable network', PUBLIC, 'ENETUNREACH', 'network-unreachable', /VPN/],
    ['anything else', PUBLIC, 'EWHATEVER', 'network-error', /retry/],
  ])('%s', (_name, url, code, cause, hint) => {
    // Through the one mapping, as the probe does: raw codes from Node, OpenSSL and undici.
    const error = toNetworkError(Object.assign(new Error(`boom ${code}`), { code }));
    const v = judgeVerification({ url, challenge: C, error });
    expect(v.ok).toBe(false);
    expect(v.cause).toBe(cause);
    expect(v.hint).toMatch(hint);
  });
});

describe('judgeWrongToken', () => {
  it.each([
    ['refused with 403', answer(403, ''), false, 403],
    ['answered 200 with the challenge: insecure', answer(200, C), true, 200],
    ['answered 200 with challenge and newline: still insecure', answer(200, `${C}\n`), true, 200],
    ['answered 200 with something else', answer(200, 'nope'), false, 200],
    ['no answer at all', undefined, false, null],
  ])('%s', (_name, response, accepted, status) => {
    const r = judgeWrongToken({ url: LOCAL, challenge: C, response });
    expect(r.accepted).toBe(accepted);
    expect(r.status).toBe(status);
    expect(r.warning?.cause).toBe(accepted ? 'accepts-any-token' : undefined);
    expect(r.refused).toBe(!accepted && status !== null);
  });

  it.each([502, 500, 503, 302])('%s for the wrong token is no refusal (nothing checked the token)', (status) => {
    const r = judgeWrongToken({ url: LOCAL, challenge: C, response: answer(status, 'Bad Gateway') });
    expect(r).toMatchObject({ accepted: false, refused: false, status });
    expect(r.warning?.cause).toBe('wrong-token-not-refused');
  });
});

describe('judgeVerifyToken', () => {
  it.each([
    ['random token', 'q8Zr1vL0kP3xYw7nB2mT5sHc', []],
    ['access token', 'EAAGm0PX4ZCpsBAKZAZBxyz123456789', ['token-looks-like-access-token']],
    ['app secret', '0123456789abcdef0123456789abcdef', ['token-looks-like-app-secret']],
    ['trailing space', 'my-token ', ['token-has-whitespace']],
    ['quoted', '"my-token"', ['token-has-whitespace']],
  ])('%s', (_name, token, causes) => {
    expect(judgeVerifyToken(token).map((w) => w.cause)).toEqual(causes);
  });
});
