import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Meta's `X-Hub-Signature-256`: `sha256=` + lowercase hex HMAC-SHA256 of the raw body, keyed with the
 * App Secret string as ASCII bytes (not hex-decoded). node:crypto is pure computation, so this stays in core.
 */
export function signBody(body: Uint8Array | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/**
 * A short, one-way fingerprint of an App Secret: the state file can say which secret the running `up` checks
 * with, so send-sample can tell a mismatch, without holding the secret itself.
 */
export function secretFingerprint(appSecret: string): string {
  return createHmac('sha256', 'wa-hook app secret fingerprint').update(appSecret).digest('hex').slice(0, 16);
}

/** Why a signature fails; the words are in events/record/reasons.ts (`signature-<reason>`). */
export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' };

/** Checks an X-Hub-Signature-256 header over the raw bytes, constant-time, saying why it fails. */
export function checkSignature(
  body: Uint8Array | string,
  header: string | undefined,
  appSecret: string,
): SignatureCheck {
  const trimmed = header?.trim();
  if (trimmed === undefined || trimmed === '') {
    return { ok: false, reason: 'missing' };
  }
  const [, hex] = /^sha256=([0-9a-fA-F]{64})$/.exec(trimmed) ?? [];
  if (hex === undefined) {
    return { ok: false, reason: 'malformed' };
  }
  // Raw digest bytes (no hex round trip); hex decoding accepts either case.
  const expected = createHmac('sha256', appSecret).update(body).digest();
  const given = Buffer.from(hex, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'mismatch' };
  }
  return { ok: true };
}

/** Whether an X-Hub-Signature-256 header matches the raw body (constant-time): the package API's yes/no. */
export function verifySignature(body: Uint8Array | string, header: string | undefined, appSecret: string): boolean {
  return checkSignature(body, header, appSecret).ok;
}
