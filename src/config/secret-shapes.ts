import { randomBytes } from 'node:crypto';

/**
 * Shape checks for the secrets and ids in `.env`, shared by `doctor` (as findings) and `init` (as prompt
 * validation). They catch the usual mix-ups: an access token or the app secret
 * pasted as the verify token, a token pasted as the app secret, stray quotes or spaces from copy-paste.
 */

export type ShapeProblemCode =
  | 'empty'
  | 'whitespace'
  | 'quotes'
  | 'access-token'
  | 'app-secret'
  | 'weak'
  | 'not-hex32'
  | 'not-access-token'
  | 'not-numeric';

export interface ShapeProblem {
  code: ShapeProblemCode;
  /** 'fail' breaks the setup; 'warn' is suspicious but may work. */
  severity: 'fail' | 'warn';
  message: string;
}

/**
 * Access tokens conventionally start with `EAA` (Facebook) or `IGAA` (Instagram).
 * Source: https://developers.facebook.com/docs/facebook-login/guides/access-tokens
 */
const ACCESS_TOKEN_PREFIX = /^(EAA|IGAA)[A-Za-z0-9]/;
const HEX32 = /^[0-9a-fA-F]{32}$/;
const QUOTE_CHARS = `"'\`\u2018\u2019\u201c\u201d`;
/** Values seen in tutorials and .env.example files: anyone who read the same guide can pass the handshake. */
const WEAK_VERIFY_TOKENS = new Set([
  'verify_token',
  'verifytoken',
  'verify-token',
  'your_verify_token',
  'your-verify-token',
  'my_verify_token',
  'myverifytoken',
  'token',
  'secret',
  'password',
  'changeme',
  'change_me',
  'test',
  'testing',
  'webhook',
  'whatsapp',
  'hello',
  'abc123',
  '123456',
  '12345678',
  '1234567890',
  'qwerty',
  'meatyhamhock',
  'blue_panda',
]);
export const MIN_VERIFY_TOKEN_LENGTH = 16;

export function looksLikeAccessToken(value: string): boolean {
  return ACCESS_TOKEN_PREFIX.test(value.trim());
}

export function looksLikeAppSecret(value: string): boolean {
  return HEX32.test(value.trim());
}

/** Surrounding whitespace or quote characters: copy-paste accidents that make an exact comparison fail. */
function paddingProblems(value: string): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  if (value !== value.trim()) {
    problems.push({ code: 'whitespace', severity: 'fail', message: 'has leading or trailing whitespace' });
  }
  const t = value.trim();
  if (t.length > 0 && (QUOTE_CHARS.includes(t.charAt(0)) || QUOTE_CHARS.includes(t.charAt(t.length - 1)))) {
    problems.push({
      code: 'quotes',
      severity: 'fail',
      message: 'starts or ends with a quote character (the quotes became part of the value)',
    });
  }
  return problems;
}

/** Problems of a verify token, most serious first; [] when it is fine. */
export function checkVerifyToken(value: string | undefined): ShapeProblem[] {
  if (value === undefined || value === '') return [{ code: 'empty', severity: 'fail', message: 'is not set' }];
  const problems = paddingProblems(value);
  const t = value.trim().replace(new RegExp(`^[${QUOTE_CHARS}]+|[${QUOTE_CHARS}]+$`, 'g'), '');
  if (looksLikeAccessToken(t)) {
    problems.unshift({
      code: 'access-token',
      severity: 'fail',
      message:
        'looks like a Meta access token (starts with EAA): the verify token is a random string you choose, not an access token',
    });
  } else if (looksLikeAppSecret(t)) {
    problems.unshift({
      code: 'app-secret',
      severity: 'fail',
      message: 'is 32 hex characters: that looks like the App Secret, not a verify token',
    });
  }
  if (WEAK_VERIFY_TOKENS.has(t.toLowerCase()) || /^(.)\1*$/.test(t) || /^\d{1,12}$/.test(t)) {
    problems.push({ code: 'weak', severity: 'warn', message: 'is a default or guessable value' });
  } else if (t.length < MIN_VERIFY_TOKEN_LENGTH) {
    problems.push({
      code: 'weak',
      severity: 'warn',
      message: `is short (${t.length} characters; use ${MIN_VERIFY_TOKEN_LENGTH}+ random characters)`,
    });
  }
  return problems;
}

/** The App Secret or an access token: each has a shape of its own, and having the other's means the two were swapped. */
interface SecretShape {
  looks: (value: string) => boolean;
  /** Said when this secret sits where the other one belongs. */
  inOthersPlace: ShapeProblem;
  /** Said when a value has neither shape. */
  unlike: ShapeProblem;
}

/** App settings → Basic: 32 hex characters. */
const APP_SECRET: SecretShape = {
  looks: looksLikeAppSecret,
  inOthersPlace: {
    code: 'app-secret',
    severity: 'fail',
    message: 'is 32 hex characters: that is the App Secret, not an access token',
  },
  unlike: { code: 'not-hex32', severity: 'fail', message: 'is not 32 hex characters, the shape of a Meta App Secret' },
};

/** The `EAA` prefix is a convention, so its absence only warns. */
const ACCESS_TOKEN: SecretShape = {
  looks: looksLikeAccessToken,
  inOthersPlace: {
    code: 'access-token',
    severity: 'fail',
    message: 'looks like an access token (EAA…), not the App Secret',
  },
  unlike: { code: 'not-access-token', severity: 'warn', message: 'does not start with EAA like Meta access tokens do' },
};

function checkSecret(value: string | undefined, own: SecretShape, other: SecretShape): ShapeProblem[] {
  if (value === undefined || value === '') return [{ code: 'empty', severity: 'fail', message: 'is not set' }];
  const problems = paddingProblems(value);
  if (other.looks(value)) problems.unshift(other.inOthersPlace);
  else if (!own.looks(value)) problems.push(own.unlike);
  return problems;
}

export function checkAppSecret(value: string | undefined): ShapeProblem[] {
  return checkSecret(value, APP_SECRET, ACCESS_TOKEN);
}

export function checkAccessToken(value: string | undefined): ShapeProblem[] {
  return checkSecret(value, ACCESS_TOKEN, APP_SECRET);
}

/** Problems of a numeric Meta id (phone number id, WABA id, app id). */
export function checkNumericId(value: string | undefined): ShapeProblem[] {
  if (value === undefined || value === '') return [{ code: 'empty', severity: 'fail', message: 'is not set' }];
  const problems = paddingProblems(value);
  if (!/^\d{5,25}$/.test(value.trim())) {
    problems.push({
      code: 'not-numeric',
      severity: 'fail',
      message: /^\+?[\d\s().-]{7,}$/.test(value.trim())
        ? 'looks like a phone number, not an id (ids are long digit strings)'
        : 'is not a numeric id',
    });
  }
  return problems;
}

/**
 * 24 random bytes → 32 URL-safe characters: survives URL encoding and .env quoting unchanged. Redrawn in
 * the (rare) case it would start like an access token or look like a command-line flag.
 */
export function generateVerifyToken(): string {
  for (;;) {
    const token = randomBytes(24).toString('base64url');
    if (!looksLikeAccessToken(token) && !token.startsWith('-')) return token;
  }
}
