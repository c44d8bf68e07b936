import type { ConfigKey } from '../../config/resolve.js';
import { checkAccessToken, checkAppSecret, checkNumericId, type ShapeProblem } from '../../config/secret-shapes.js';

/** What `wa-hook init` asks for, in order, with where each value lives in Meta's dashboard. */
export interface InitField {
  key: ConfigKey;
  label: string;
  where: string;
  secret: boolean;
  check(value: string): ShapeProblem[];
}

export const INIT_FIELDS: readonly InitField[] = [
  {
    key: 'appSecret',
    label: 'App Secret',
    where: 'developers.facebook.com → your app → App settings → Basic → App secret (Show)',
    secret: true,
    check: checkAppSecret,
  },
  {
    key: 'accessToken',
    label: 'Access token',
    where: 'WhatsApp → API Setup (temporary, 24 h) or Business settings → System users → Generate token (permanent)',
    secret: true,
    check: checkAccessToken,
  },
  {
    key: 'phoneNumberId',
    label: 'Phone number ID',
    where: 'WhatsApp → API Setup → "Phone number ID" (an id, not the phone number)',
    secret: false,
    check: checkNumericId,
  },
  {
    key: 'wabaId',
    label: 'WhatsApp Business Account ID',
    where: 'WhatsApp → API Setup → "WhatsApp Business Account ID"',
    secret: false,
    check: checkNumericId,
  },
  {
    key: 'appId',
    label: 'App ID',
    where: 'App settings → Basic → App ID (also at the top of the app dashboard)',
    secret: false,
    check: checkNumericId,
  },
];

/** The first blocking problem of a value, as a sentence, or undefined when it may be saved. */
export function blockingProblem(field: Pick<InitField, 'label' | 'check'>, value: string): string | undefined {
  const p = field.check(value).find((x) => x.severity === 'fail');
  return p ? `${field.label} ${p.message}` : undefined;
}

/** Copy-paste noise that is safe to drop: surrounding whitespace and one pair of matching quotes. */
export function cleanAnswer(raw: string): string {
  const t = raw.trim();
  const quoted = /^(["'])(.*)\1$/.exec(t)?.[2];
  return (quoted ?? t).trim();
}
