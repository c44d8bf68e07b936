/**
 * The verdict on one recorded request, for `events show` and the inspector: what the receiver decided
 * (signature, handshake, JSON, size) and how to fix it. The log keeps a reason code; its words and hint
 * come from record/reasons.ts, as they do for what `up` prints live.
 */
import type { EventRecord } from './record/record.js';
import { probeOf } from './probe.js';
import { reasonHint, recordReason } from './record/reasons.js';

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
      text: `verification refused (${record.status}): ${recordReason(record) ?? 'unknown reason'}`,
      hint: reasonHint(record.reason),
    };
  }
  if (record.kind === 'rejected') {
    const sig =
      record.signature === 'invalid' || record.signature === 'missing' ? `${SIGNATURE_TEXT[record.signature]}: ` : '';
    return {
      ok: false,
      text: `refused (${record.status}): ${sig}${recordReason(record) ?? 'unknown reason'}`,
      hint: reasonHint(record.reason),
    };
  }
  if (record.forward?.error)
    return { ok: false, text: `${SIGNATURE_TEXT[record.signature]}; forwarding failed: ${record.forward.error}` };
  return {
    ok: record.status < 400,
    text: `${SIGNATURE_TEXT[record.signature]}; answered ${record.status}`,
    hint: record.status >= 400 ? reasonHint(record.reason) : undefined,
  };
}
