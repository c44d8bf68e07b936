import { maskSecret } from '../../config/redact.js';
import {
  describeGraphFailure,
  isAppSecretProofRequired,
  isPermissionError,
  isTokenError,
  isUnknownObject,
  wrongNodeType,
  type GraphFailure,
  type GraphOutcome,
} from '../../graph/types.js';
import type { DoctorFacts, Verdict } from '../types.js';
import { announcedCallbackUrl, fail, FIX_COMMAND, graphBase, skip } from './helpers.js';
import { UNREACHABLE_SKIP } from './meta-network.js';

/** Said by the checks whose call Meta refused for want of appsecret_proof: the ids are not to blame. */
export const PROOF_SKIP = 'skipped: Meta refused the call without appsecret_proof (see meta.appsecret-proof)';

export const SCOPES = ['whatsapp_business_management', 'whatsapp_business_messaging'];

export const RATE_LIMITED_SKIP = 'skipped: the Graph API rate-limited doctor (see meta.rate-limit)';

/** Why the Meta checks cannot run at all, or undefined when they can. */
export function metaUnavailable(facts: DoctorFacts): Verdict | undefined {
  if (facts.meta.skipped === 'offline') return skip('skipped (--offline)');
  // No answer from Graph: one finding says why (meta.graph-reachable); nothing here may pass or blame an id.
  if (facts.meta.unreachable) return skip(UNREACHABLE_SKIP);
  if (facts.meta.skipped === 'no-token') return skip('skipped: no WHATSAPP_ACCESS_TOKEN (add one with `wa-hook init`)');
  // One rate limit is one finding (meta.rate-limit); the answers that came back may be partial, so no verdicts.
  if (facts.meta.rateLimited) return skip(RATE_LIMITED_SKIP);
  return undefined;
}

/** Said by the checks that need an access token Meta accepts when debug_token says this one is not. */
export const TOKEN_SKIP = 'needs a valid access token (see meta.token)';

type Check = (facts: DoctorFacts) => Verdict;

/** A check that runs only when the Meta checks can (see metaUnavailable). */
export function needMeta(check: Check): Check {
  return (facts) => metaUnavailable(facts) ?? check(facts);
}

/** A Meta check that also needs an access token that is not unusable (see tokenUnusable). */
export function needUsableToken(check: Check): Check {
  return needMeta((facts) => (tokenUnusable(facts) ? skip(TOKEN_SKIP) : check(facts)));
}

/** The whatsapp_business_* permissions debug_token says the (valid) token lacks. */
export function missingScopes(facts: DoctorFacts): string[] {
  const d = facts.meta.debugToken;
  if (!d?.ok || d.data.is_valid === false) return [];
  return SCOPES.filter((s) => !(d.data.scopes ?? []).includes(s));
}

/** True when debug_token says the access token is unusable: later calls would only repeat the 190. */
export function tokenUnusable(facts: DoctorFacts): boolean {
  const d = facts.meta.debugToken;
  if (!d) return false;
  if (!d.ok) return isTokenError(d.error);
  return d.data.is_valid === false;
}

/** Common preamble of rules that need a usable access token and one Graph answer. */
export function needGraph<T>(
  facts: DoctorFacts,
  outcome: GraphOutcome<T> | undefined,
  missing: string | undefined,
  onError: (error: GraphFailure) => Verdict | undefined,
  onData: (data: T) => Verdict,
): Verdict {
  const unavailable = metaUnavailable(facts);
  if (unavailable) return unavailable;
  if (missing) return skip(missing);
  if (tokenUnusable(facts)) return skip(TOKEN_SKIP);
  if (!outcome) return skip('not checked');
  if (outcome.ok) return onData(outcome.data);
  if (isAppSecretProofRequired(outcome.error)) return skip(PROOF_SKIP);
  // Without the permission Graph hides objects (100/33) or refuses (#200): the id may well be right.
  const lacking = missingScopes(facts);
  if (lacking.length && (isUnknownObject(outcome.error) || isPermissionError(outcome.error)))
    return skip(`cannot check without the ${lacking.join(' and ')} permission (see meta.token-scopes)`);
  return onError(outcome.error) ?? genericGraphFailure(outcome.error);
}

export function genericGraphFailure(error: GraphFailure): Verdict {
  // An id of another kind: one finding (meta.id-kinds) names it; this check is its consequence.
  if (wrongNodeType(error))
    return { ...fail(describeGraphFailure(error), 'see meta.id-kinds'), after: 'meta.id-kinds' };
  if (isPermissionError(error)) {
    return fail(
      `${describeGraphFailure(error)}: the token lacks a scope or the WABA is not assigned to it`,
      'give the system user the WABA asset and both whatsapp_business_management and whatsapp_business_messaging, then generate a new token',
    );
  }
  if (isUnknownObject(error))
    return fail(describeGraphFailure(error), 'check the id: it does not exist or this token cannot see it');
  if (error.kind !== 'graph') return skip(UNREACHABLE_SKIP);
  return fail(describeGraphFailure(error), 'see the Graph API error above');
}

export function subscribeAppCurl(facts: DoctorFacts): string {
  const { wabaId, accessToken } = facts.config.values;
  return `curl -X POST "${graphBase(facts)}/${wabaId ?? '<WABA_ID>'}/subscribed_apps" -H "Authorization: Bearer ${maskSecret(accessToken)}"`;
}

export function appSubscriptionCurl(facts: DoctorFacts): string {
  const { appId, appSecret, verifyToken } = facts.config.values;
  const url = announcedCallbackUrl(facts) ?? '<CALLBACK_URL>';
  return (
    `curl -X POST "${graphBase(facts)}/${appId ?? '<APP_ID>'}/subscriptions" -d object=whatsapp_business_account ` +
    `--data-urlencode "callback_url=${url}" -d "verify_token=${maskSecret(verifyToken)}" -d fields=messages ` +
    `-H "Authorization: Bearer ${appId ?? '<APP_ID>'}|${maskSecret(appSecret)}"`
  );
}

export const FIX_OR = (curl: string) => `run ${FIX_COMMAND}, or: ${curl}`;

/** The WhatsApp subscription of the app, when the app-subscriptions call succeeded. */
export function whatsappSubscription(facts: DoctorFacts) {
  const a = facts.meta.appSubscriptions;
  return a?.ok ? a.data.data.find((s) => s.object === 'whatsapp_business_account') : undefined;
}

/** Preamble of the checks on the app's own subscription (app token): offline, no answer, rate limit. */
export function appSideUnavailable(facts: DoctorFacts): Verdict | undefined {
  if (facts.meta.skipped === 'offline') return skip('skipped (--offline)');
  const missing = needAppToken(facts);
  if (missing) return skip(missing);
  if (facts.meta.unreachable) return skip(UNREACHABLE_SKIP);
  if (facts.meta.rateLimited) return skip(RATE_LIMITED_SKIP);
  return undefined;
}

export function needAppToken(facts: DoctorFacts): string | undefined {
  const { appId, appSecret } = facts.config.values;
  return appId && appSecret ? undefined : 'needs WHATSAPP_APP_ID and WHATSAPP_APP_SECRET (app token)';
}
