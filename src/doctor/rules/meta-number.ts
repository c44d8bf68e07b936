import { maskSecret } from '../../config/redact.js';
import { describeGraphFailure, type PhoneNumberDetails } from '../../graph/types.js';
import type { DoctorFacts, Rule, Verdict } from '../types.js';
import { fail, graphBase, ok, skip, warn } from './helpers.js';
import {
  FIX_OR,
  appSubscriptionCurl,
  metaUnavailable,
  missingScopes,
  needGraph,
  whatsappSubscription,
} from './meta-helpers.js';
import { failedStatuses } from './log.js';

/**
 * What Meta says about the number itself (registration, display name, limits, mode, coexistence) and the
 * WABA's review: the "why don't my messages arrive / why can't I send" that no webhook check can see.
 * Field names and enums: see src/graph/types.ts (PhoneNumberDetails, WabaData) and the fake Graph API.
 */

const NEEDS_PHONE = ['config.phone-number-id', 'meta.phone-number'];

/** Rules on the newer phone fields: a failed read is a skip (the field may not exist on this API version). */
function withDetails(facts: DoctorFacts, check: (d: PhoneNumberDetails) => Verdict): Verdict {
  if (facts.meta.phone?.ok === false && !metaUnavailable(facts) && missingScopes(facts).length === 0)
    return skip('needs the phone number (see meta.phone-number)');
  return needGraph(
    facts,
    facts.meta.phoneDetails,
    facts.config.values.phoneNumberId ? undefined : 'no phone number id',
    (e) => skip(`cannot read the number's details (${describeGraphFailure(e)})`),
    check,
  );
}

/** A rule on the number's newer fields (see withDetails); each follows the phone number id and its read. */
function detailsRule(
  rule: Pick<Rule, 'id' | 'title' | 'detects'>,
  check: (d: PhoneNumberDetails, facts: DoctorFacts) => Verdict,
): Rule {
  return { ...rule, group: 'meta', follows: NEEDS_PHONE, check: (facts) => withDetails(facts, (d) => check(d, facts)) };
}

function registerCurl(facts: DoctorFacts): string {
  const { phoneNumberId, accessToken } = facts.config.values;
  return (
    `curl -X POST "${graphBase(facts)}/${phoneNumberId ?? '<PHONE_NUMBER_ID>'}/register" ` +
    `-H "Authorization: Bearer ${maskSecret(accessToken)}" -H "Content-Type: application/json" ` +
    `-d '{"messaging_product":"whatsapp","pin":"<6-digit PIN>"}'`
  );
}

/** Statuses that limit or stop sending on a registered number (CONNECTED and PENDING are judged elsewhere). */
const LIMITING_STATUS: Record<string, string> = {
  FLAGGED: 'flagged for low quality: the messaging limit drops if the quality rating does not recover',
  RESTRICTED: 'restricted: business-initiated messages are blocked for now',
  RATE_LIMITED: 'rate limited by Meta',
  BANNED: 'banned from WhatsApp',
  DISCONNECTED: 'disconnected from the Cloud API',
  DELETED: 'deleted',
  OFFLINE: 'offline',
};

const NAME_OK = new Set(['APPROVED', 'AVAILABLE_WITHOUT_REVIEW']);

export const META_NUMBER_RULES: Rule[] = [
  {
    id: 'meta.phone-registered',
    group: 'meta',
    title: 'number registered with Cloud API',
    detects:
      'the number is added but not registered with Cloud API (platform_type NOT_APPLICABLE, status PENDING; send error 133010, "only the test number works")',
    follows: NEEDS_PHONE,
    check: (facts) =>
      needGraph(
        facts,
        facts.meta.phone,
        facts.config.values.phoneNumberId ? undefined : 'no phone number id',
        () => skip('needs the phone number (see meta.phone-number)'),
        (p) => {
          const d = facts.meta.phoneDetails?.ok ? facts.meta.phoneDetails.data : undefined;
          const unverified = p.code_verification_status && p.code_verification_status !== 'VERIFIED';
          const verifyFirst = unverified
            ? `; its ownership is not verified (code_verification_status ${p.code_verification_status}): ` +
              `request and enter the SMS/voice code in WhatsApp Manager → Phone numbers first`
            : '';
          const fix = `register it with a 6-digit two-step PIN: ${registerCurl(facts)}`;
          if (p.platform_type === 'NOT_APPLICABLE' || d?.status === 'PENDING')
            return fail(
              `${p.display_phone_number ?? 'the number'} is not registered with Cloud API (platform_type ` +
                `${p.platform_type ?? '?'}, status ${d?.status ?? '?'}): it can neither send (133010) nor receive${verifyFirst}`,
              fix,
            );
          if (p.platform_type === 'ON_PREMISE')
            return fail(
              `${p.display_phone_number ?? 'the number'} is registered with the On-Premises API, not Cloud API`,
              `migrate it to Cloud API, then ${fix}`,
            );
          const status = d?.status;
          const bad = status ? LIMITING_STATUS[status] : undefined;
          if (bad && status && ['BANNED', 'DISCONNECTED', 'DELETED', 'OFFLINE'].includes(status))
            return warn(
              `the number is ${bad} (status ${status})`,
              'see WhatsApp Manager → Phone numbers; re-register it if it was disconnected',
            );
          return ok(`platform ${p.platform_type ?? '?'}${d?.status ? `, status ${d.status}` : ''}`);
        },
      ),
  },
  detailsRule(
    {
      id: 'meta.display-name',
      title: 'display name approved',
      detects: 'the display name is not approved (name_status PENDING_REVIEW, DECLINED, EXPIRED, NONE)',
    },
    (d) => {
      if (!d.name_status) return skip('name_status not returned');
      if (NAME_OK.has(d.name_status)) return ok(`name_status ${d.name_status}`);
      return warn(
        `the display name is ${d.name_status}: until it is approved the number may be limited (and cannot be registered again under a new name)`,
        d.name_status === 'PENDING_REVIEW'
          ? 'wait for the review (WhatsApp Manager → Phone numbers → Name)'
          : 'submit a display name that follows the display name guidelines (WhatsApp Manager → Phone numbers → Name), then register the number again',
      );
    },
  ),
  detailsRule(
    {
      id: 'meta.messaging-limit',
      title: 'messaging limit and throughput',
      detects:
        'the number is flagged, restricted or rate limited; shows messaging_limit_tier (business-initiated conversations per 24 h) and throughput',
    },
    (d) => {
      const tier = d.messaging_limit_tier ? `limit ${d.messaging_limit_tier}` : 'limit not reported';
      const text = `${tier}, throughput ${d.throughput?.level ?? '?'}`;
      const status = d.status;
      const bad = status ? LIMITING_STATUS[status] : undefined;
      if (bad && status && ['FLAGGED', 'RESTRICTED', 'RATE_LIMITED'].includes(status))
        return warn(
          `the number is ${bad} (status ${d.status}); ${text}`,
          'see WhatsApp Manager → Insights and Account quality; send only messages users asked for',
        );
      return ok(
        d.messaging_limit_tier === 'TIER_50' || d.messaging_limit_tier === 'TIER_250'
          ? `${text}: at most ${d.messaging_limit_tier.slice(5)} users per 24 h can be messaged first (replies are free); verify the business to raise it`
          : text,
      );
    },
  ),
  detailsRule(
    {
      id: 'meta.account-mode',
      title: 'live number (not sandbox)',
      detects: 'account_mode SANDBOX: a test number that can message only the recipients listed in API Setup',
    },
    (d) => {
      if (!d.account_mode) return skip('account_mode not returned');
      if (d.account_mode === 'LIVE') return ok('LIVE');
      return warn(
        `account_mode ${d.account_mode}: a test number; it can message only the (up to 5) recipients added in API Setup (error 131030)`,
        'add recipients in WhatsApp → API Setup → To, or add and register your own number for real users',
      );
    },
  ),
  detailsRule(
    {
      id: 'meta.coexistence',
      title: 'WhatsApp Business app (coexistence)',
      detects:
        'the number is also used in the WhatsApp Business app (is_on_biz_app) but ' +
        'smb_message_echoes is not subscribed: messages sent from the app never reach the bot',
    },
    (d, facts) => {
      if (d.is_on_biz_app !== true) return ok('not on the WhatsApp Business app');
      const fields = (whatsappSubscription(facts)?.fields ?? []).map((f) => f.name);
      if (fields.includes('smb_message_echoes'))
        return ok('also on the WhatsApp Business app; smb_message_echoes subscribed');
      return warn(
        'the number is also used in the WhatsApp Business app: messages sent from the ' +
          'phone app reach your webhook only as smb_message_echoes, which is not subscribed',
        `subscribe smb_message_echoes (WhatsApp → Configuration → Webhook fields), or ` +
          `${FIX_OR(appSubscriptionCurl(facts).replace('-d fields=messages', '-d fields=messages,smb_message_echoes'))}`,
      );
    },
  ),
  {
    id: 'meta.business-verification',
    group: 'meta',
    title: 'WABA review and business verification',
    detects:
      'the WABA review is pending or rejected (account_review_status), or the business is not verified (business_verification_status: low limits)',
    follows: ['config.waba-id'],
    check: (facts) =>
      needGraph(
        facts,
        facts.meta.waba,
        facts.config.values.wabaId ? undefined : 'no WABA id',
        (e) => skip(`cannot read the WABA's review and verification (${describeGraphFailure(e)})`),
        (w) => {
          const review = w.account_review_status;
          const verified = w.business_verification_status;
          const text = `review ${review ?? '?'}, business verification ${verified ?? '?'}`;
          if (review === 'REJECTED')
            return fail(
              `the WABA was rejected (${text}): it cannot be used with the API`,
              'see WhatsApp Manager → Account quality and request a review',
            );
          if (review && review !== 'APPROVED')
            return warn(
              `the WABA review is ${review}: until it is approved the API may refuse it (${text})`,
              'wait for the review (WhatsApp Manager → Overview); answer any request for information',
            );
          if (verified && verified !== 'VERIFIED')
            return warn(
              `the business is not verified (${text}): messaging limits stay low and the display name cannot be shown`,
              'verify the business in Business settings → Security centre → Business verification',
            );
          return ok(text);
        },
      ),
  },
  {
    id: 'meta.app-mode',
    group: 'meta',
    title: 'app in Live mode',
    detects:
      'the app still in Development mode (only people with a role on the app can be messaged): ' +
      'Graph has no field for it, so doctor reads the signs (131030 on a LIVE number)',
    check: (facts) => {
      const unavailable = facts.meta.skipped === 'no-token' ? undefined : metaUnavailable(facts);
      if (unavailable) return unavailable;
      const d = facts.meta.phoneDetails?.ok ? facts.meta.phoneDetails.data : undefined;
      const refused = failedStatuses(facts.events).some((f) => f.code === 131030);
      if (d?.account_mode === 'LIVE' && refused)
        return warn(
          'Meta refused recipients "not in allowed list" (131030) although the number is LIVE: the app is most ' +
            'likely still in Development mode, where only its admins, developers and testers can be messaged',
          'switch App Mode to Live (App Dashboard, top bar; needs a privacy policy URL), or add the recipient as a tester',
        );
      return skip(
        "the Graph API does not expose the app's mode (no sign of Development mode in recorded events); " +
          "if only messages from the app's admins, developers and testers arrive, switch App Mode to Live",
      );
    },
  },
];
