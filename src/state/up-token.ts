/**
 * Which verify token `verify`, `send-sample` and `doctor` use against a running `up`: the one it actually
 * answers with (recorded in the 0600 state file with where it came from), not blindly the one in .env —
 * `up --verify-token X` or a .env edited after `up` started would otherwise give a misleading verdict.
 */
import { createHmac } from 'node:crypto';
import { maskSecret } from '../config/redact.js';

/** Where the running `up`'s token came from. */
export type UpTokenSource = 'flag' | 'env' | 'dotenv' | 'generated';

export interface UpTokenFacts {
  verifyToken?: string;
  verifyTokenSource?: UpTokenSource;
}

export function describeUpTokenSource(source: UpTokenSource | undefined): string {
  switch (source) {
    case 'flag':
      return 'its --verify-token flag';
    case 'env':
      return 'WHATSAPP_VERIFY_TOKEN in its environment';
    case 'dotenv':
      return 'WHATSAPP_VERIFY_TOKEN in .env when it started';
    case 'generated':
      return 'wa-hook (generated, .wa-hook/verify-token)';
    default:
      return 'its configuration';
  }
}

export function upToken(up: UpTokenFacts | undefined): string | undefined {
  return up?.verifyToken;
}

export interface TokenChoice {
  token?: string;
  /** Set when the configured token differs from the one the running `up` answers with. */
  mismatch?: string;
}

/**
 * An explicit --verify-token wins (the user tests that one); aimed at the running `up`, its own token;
 * otherwise the configured one.
 */
export function chooseVerifyToken(
  configured: { value?: string; source?: string },
  up: UpTokenFacts | undefined,
  aimsAtUp: boolean,
): TokenChoice {
  const running = aimsAtUp ? upToken(up) : undefined;
  if (configured.source === 'flag' || running === undefined) return { token: configured.value };
  return { token: running, mismatch: tokenMismatch(configured, up) };
}

/** Says how the configured token differs from the running `up`'s, or undefined when they agree. */
export function tokenMismatch(
  configured: { value?: string; source?: string },
  up: UpTokenFacts | undefined,
): string | undefined {
  const running = upToken(up);
  if (running === undefined || configured.value === undefined || configured.value === running) return undefined;
  const where =
    configured.source === 'flag' ? '--verify-token' : configured.source === 'env' ? 'the environment' : '.env';
  return (
    `the running \`wa-hook up\` answers with the verify token from ${describeUpTokenSource(up?.verifyTokenSource)} ` +
    `(${maskSecret(running)}), not the one from ${where} (${maskSecret(configured.value)})`
  );
}

/** The fix for a mismatch: one token everywhere. */
export const TOKEN_MISMATCH_FIX =
  "use one token: put the same value in .env and in Meta's dashboard, then restart `wa-hook up` without --verify-token";

/** What `up` remembers of the token it answered with: enough to say it changed, useless to an attacker. */
export interface TokenInUse {
  masked: string;
  fingerprint: string;
}

export function recordOfToken(token: string): TokenInUse {
  return {
    masked: maskSecret(token),
    fingerprint: createHmac('sha256', 'wa-hook verify token fingerprint').update(token).digest('hex').slice(0, 16),
  };
}

/**
 * Said at `up` start when the token differs from the one the previous `up` answered with: Meta's dashboard
 * (and any bot) still has the old one, so the next verification or "Verify and save" fails with 403.
 */
export function tokenChangeNotice(
  previous: TokenInUse | undefined,
  token: string,
  source: UpTokenSource | undefined,
): { message: string; hint: string } | undefined {
  const now = recordOfToken(token);
  if (!previous || previous.fingerprint === now.fingerprint) return undefined;
  // Two tokens can share their first characters: then the mask alone would read as "no change".
  const shown = previous.masked === now.masked ? `${now.masked} (another token with the same start)` : now.masked;
  return {
    message:
      `THE VERIFY TOKEN CHANGED since the last \`wa-hook up\`: it was ${previous.masked}, now ${shown} ` +
      `(from ${describeUpTokenSource(source)}). Meta's dashboard still has the old one`,
    hint:
      'paste the new token in WhatsApp → Configuration → Verify token and click Verify and save (or run `wa-hook up --register`); ' +
      'to keep the old one, put it back in WHATSAPP_VERIFY_TOKEN',
  };
}
