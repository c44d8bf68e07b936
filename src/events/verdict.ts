/**
 * The verdict on one recorded request, for `events show` and the inspector: what the receiver decided
 * (signature, handshake, JSON, size) and how to fix it. Hints mirror what `up` prints live; the log
 * keeps the reason, so the hint is derived from it again here.
 */
import type { EventRecord } from './record/record.js';
import { probeOf } from './probe.js';

export interface RecordVerdict {
  ok: boolean;
  /** e.g. "signature valid", "verify token mismatch: …" */
  text: string;
  hint?: string;
}

const SIGNATURE_TEXT: Readonly<Record<EventRecord['signature'], string>> = {
  valid: 'signature valid (X-Hub-Signature-256 matches the app secret)',
  invalid: 'signature invalid',
  missing: 'signature missing',
  unchecked: 'signature not checked (no app secret configured)',
};

/** Reason fragments written by the receiver (verification/answer.ts, receiver/) → the hint shown there. */
const HINTS: ReadonlyArray<[RegExp, string]> = [
  [
    /does not match the body/,
    'the sender signs with another app secret, or something re-serialized the body before hashing',
  ],
  [
    /no X-Hub-Signature-256/,
    'Meta always signs; is this request from Meta? (`wa-hook send-sample` signs with your app secret)',
  ],
  [/not "sha256="/, 'the header must be "sha256=" followed by 64 lowercase hex digits'],
  [/differ only in surrounding whitespace/, 'remove the spaces in the dashboard field'],
  [
    /verify token mismatch/,
    "the dashboard's verify token must equal WHATSAPP_VERIFY_TOKEN exactly (it is not the access token)",
  ],
  [
    /hub\.verify_token is missing/,
    "paste the verify token into Meta's dashboard (WhatsApp → Configuration → Verify token)",
  ],
  [/hub\.mode/, 'Meta always sends hub.mode=subscribe; check the query string of the caller'],
  [/without hub\.\* parameters/, 'nothing to fix if you opened the URL yourself; `wa-hook verify` simulates Meta'],
  [/not JSON/, 'Meta always sends JSON; check what the sender put in the body'],
  [/larger than/, 'Meta payloads stay under 3 MB; is this request from Meta?'],
  [/event log write failed/, 'check the disk space and the permissions of .wa-hook/'],
];

function hintFor(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  return HINTS.find(([pattern]) => pattern.test(reason))?.[1];
}

export function verdictOf(record: EventRecord): RecordVerdict {
  const probe = probeOf(record);
  if (probe?.negative) {
    return probe.asExpected
      ? { ok: true, text: `${probe.line}: a deliberate negative test, refused as it should be` }
      : {
          ok: false,
          text: `${probe.line}: the receiver accepted a request it must refuse`,
          hint:
            probe.kind === 'wrong-token'
              ? 'answer 403 unless hub.verify_token equals your verify token exactly'
              : 'check X-Hub-Signature-256 against the App Secret and answer 401 when it differs',
        };
  }
  if (record.kind === 'graph') {
    const summary = record.graph?.summary ?? `${record.method} ${record.url}`;
    return record.status < 400
      ? { ok: true, text: `Graph API call answered ${record.status}: ${summary}` }
      : {
          ok: false,
          text: `Graph API call refused (${record.status}): ${summary}`,
          hint: 'the details name the JSON path and the limit Meta enforces',
        };
  }
  if (record.kind === 'verification') {
    if (record.status === 200) return { ok: true, text: 'verification answered with the challenge (200)' };
    return {
      ok: false,
      text: `verification refused (${record.status}): ${record.reason ?? 'unknown reason'}`,
      hint: hintFor(record.reason),
    };
  }
  if (record.kind === 'rejected') {
    const sig =
      record.signature === 'invalid' || record.signature === 'missing' ? `${SIGNATURE_TEXT[record.signature]}: ` : '';
    return {
      ok: false,
      text: `refused (${record.status}): ${sig}${record.reason ?? 'unknown reason'}`,
      hint: hintFor(record.reason),
    };
  }
  if (record.forward?.error)
    return { ok: false, text: `${SIGNATURE_TEXT[record.signature]}; forwarding failed: ${record.forward.error}` };
  return {
    ok: record.status < 400,
    text: `${SIGNATURE_TEXT[record.signature]}; answered ${record.status}`,
    hint: record.status >= 400 ? hintFor(record.reason) : undefined,
  };
}
