/**
 * Why a request was refused or a handshake failed. The event log stores the code (and, for some, a short
 * `detail`: the JSON parser's message, the masked tokens, the backend's status); the words and the hint
 * are rendered from here by the live view, `events show` and the inspector, so they change in one place.
 */
import { MAX_JSON_DEPTH } from '../json-shape.js';

export type ReasonCode =
  | 'too-large'
  | 'aborted'
  | 'busy'
  | 'signature-missing'
  | 'signature-malformed'
  | 'signature-mismatch'
  | 'not-utf8'
  | 'too-deep'
  | 'not-json'
  | 'not-recorded'
  | 'unreadable-line'
  | 'no-hub-params'
  | 'mode-not-subscribe'
  | 'token-missing'
  | 'token-mismatch'
  | 'token-spaced'
  | 'challenge-missing'
  | 'backend-refused'
  | 'backend-unreachable'
  | 'backend-too-big';

interface Reason {
  text: (detail: string | undefined) => string;
  hint?: string;
}

const JSON_HINT = 'Meta always sends JSON; check what the sender put in the body';
const withDetail = (text: string) => (detail: string | undefined) => (detail ? `${text}: ${detail}` : text);
const fixed = (text: string) => () => text;

const REASONS: Readonly<Record<ReasonCode, Reason>> = {
  'too-large': {
    text: fixed('body larger than 4 MiB'),
    hint: 'Meta payloads stay under 3 MB; is this request from Meta?',
  },
  aborted: { text: fixed('request aborted before the body was complete') },
  busy: { text: fixed('too many request bodies in flight: try again shortly') },
  'signature-missing': {
    text: fixed('no X-Hub-Signature-256 header'),
    hint: 'Meta always signs; is this request from Meta? (`wa-hook send-sample` signs with your app secret)',
  },
  'signature-malformed': {
    text: fixed('X-Hub-Signature-256 is not "sha256=" followed by 64 hex digits'),
    hint: 'the header must be "sha256=" followed by 64 lowercase hex digits',
  },
  'signature-mismatch': {
    text: fixed('signature does not match the body: wrong app secret, or the body was re-serialized before hashing'),
    hint: 'the sender signs with another app secret, or something re-serialized the body before hashing',
  },
  'not-utf8': { text: fixed('body is not valid UTF-8 (JSON must be UTF-8; Meta sends pure ASCII)'), hint: JSON_HINT },
  'too-deep': { text: fixed(`body nested deeper than ${MAX_JSON_DEPTH} levels (Meta's payloads are about 8 deep)`) },
  'not-json': { text: withDetail('body is not JSON'), hint: JSON_HINT },
  'not-recorded': { text: withDetail('not recorded'), hint: 'check the disk space and the permissions of .wa-hook/' },
  'unreadable-line': {
    text: withDetail('unreadable record'),
    hint: 'the line in .wa-hook/events.jsonl was edited by hand or written by another version: its fields are not trusted',
  },
  'no-hub-params': {
    text: fixed('GET without hub.* parameters (a browser or health check, not Meta)'),
    hint: 'nothing to fix if you opened the URL yourself; `wa-hook verify` simulates Meta',
  },
  'mode-not-subscribe': {
    text: (mode) => `hub.mode is ${mode ?? 'missing'}, expected "subscribe"`,
    hint: 'Meta always sends hub.mode=subscribe; check the query string of the caller',
  },
  'token-missing': {
    text: fixed('hub.verify_token is missing'),
    hint: "paste the verify token into Meta's dashboard (WhatsApp → Configuration → Verify token)",
  },
  'token-mismatch': {
    text: withDetail('verify token mismatch'),
    hint: "the dashboard's verify token must equal WHATSAPP_VERIFY_TOKEN exactly (it is not the access token)",
  },
  'token-spaced': {
    text: withDetail('verify token mismatch (only surrounding whitespace differs)'),
    hint: 'the tokens differ only in surrounding whitespace: remove the spaces in the dashboard field',
  },
  'challenge-missing': { text: fixed('hub.challenge is missing'), hint: 'Meta always sends hub.challenge' },
  'backend-refused': { text: (status) => `backend answered ${status ?? 'an error'}`, hint: 'see your backend’s log' },
  'backend-unreachable': {
    text: withDetail('backend not reachable'),
    hint: 'start your backend, fix --forward-to, or make it answer within 30 s',
  },
  'backend-too-big': {
    text: withDetail('backend answered more than 1 MiB (cut off)'),
    hint: 'answer the webhook with a short body: Meta reads only the status (and the handshake challenge)',
  },
};

/** The reason in words, e.g. "verify token mismatch: got abcd… (5 chars), expected my-v… (19 chars)". */
export function reasonText(code: ReasonCode, detail?: string): string {
  return REASONS[code]?.text(detail) ?? code;
}

export function reasonHint(code: ReasonCode | undefined): string | undefined {
  return code === undefined ? undefined : REASONS[code]?.hint;
}

/** The words of a record's reason, or undefined when it has none. */
export function recordReason(record: { reason?: ReasonCode; detail?: string }): string | undefined {
  return record.reason === undefined ? undefined : reasonText(record.reason, record.detail);
}
