import {
  describeGraphFailure,
  isUnknownObject,
  type GraphFailure,
  NOT_WHATSAPP_FIELDS,
  WHATSAPP_FIELDS,
} from '../../graph/types.js';
import { META_NUMBER_RULES } from './meta-number.js';
import type { DoctorFacts, Rule, Verdict } from '../types.js';
import { announcedCallbackUrl, fail, ok, sameUrl, skip, warn } from './helpers.js';
import {
  appSideUnavailable,
  appSubscriptionCurl,
  FIX_OR,
  needGraph,
  subscribeAppCurl,
  whatsappSubscription,
} from './meta-helpers.js';
import { META_OVERRIDE_RULE } from './meta-override.js';
import { META_REACHABLE_RULE, UNREACHABLE_SKIP } from './meta-network.js';
import { META_TOKEN_RULES } from './meta-token.js';
import { META_PROOF_RULE } from './meta-proof.js';
import { META_ID_KINDS_RULE } from './meta-ids.js';

/** Rules on the app's own webhook subscription: they need the app token, not the access token. */
function withAppSubscription(
  facts: DoctorFacts,
  check: (fields: string[], callback: string | undefined, active: boolean) => Verdict,
): Verdict {
  const unavailable = appSideUnavailable(facts);
  if (unavailable) return unavailable;
  const a = facts.meta.appSubscriptions;
  if (!a) return skip('not checked');
  if (!a.ok) return skip(`cannot read the app subscriptions (${describeGraphFailure(a.error)})`);
  const sub = whatsappSubscription(facts);
  if (!sub) return skip('no WhatsApp subscription (see meta.app-subscription)');
  return check(
    (sub.fields ?? []).map((f) => f.name),
    sub.callback_url,
    sub.active !== false,
  );
}

/** The WABA's number whose digits are the configured "id": the phone number was given instead of its id. */
function numberGivenAsId(facts: DoctorFacts): { id: string; display_phone_number?: string } | undefined {
  const given = (facts.config.values.phoneNumberId ?? '').replace(/\D/g, '');
  const list = facts.meta.wabaPhones;
  if (!given || !list?.ok) return undefined;
  return list.data.data.find((n) => (n.display_phone_number ?? '').replace(/\D/g, '') === given);
}

/** A Graph error that means the WABA id is wrong or hidden from the token, said the same way by every WABA check. */
function wabaNotVisible(wabaId: string | undefined): (error: GraphFailure) => Verdict | undefined {
  return (e) =>
    isUnknownObject(e)
      ? fail(
          `WABA ${wabaId} does not exist or this token cannot see it`,
          'copy the WhatsApp Business Account ID from WhatsApp → API Setup',
        )
      : undefined;
}

export const META_RULES: Rule[] = [
  META_REACHABLE_RULE,
  {
    id: 'meta.rate-limit',
    group: 'meta',
    title: 'Graph API rate limit',
    detects:
      'Graph rate limits (#4 app calls, 80007 WABA calls, 130429 message throughput): reported once; the other Meta checks say they were skipped',
    check: (facts) => {
      if (facts.meta.skipped === 'offline') return skip('skipped (--offline)');
      if (facts.meta.unreachable) return skip(UNREACHABLE_SKIP);
      const r = facts.meta.rateLimited;
      // "Not rate limited" is Meta's answer: without one, there is nothing to say.
      if (!r) return facts.meta.answered ? ok('not rate limited') : skip('no Graph API call was made');
      return fail(
        `rate limited: ${describeGraphFailure(r)}. Your own calls are limited too; the network is fine`,
        'wait, then retry (Graph limits reset within minutes to an hour); lower the call rate (App Dashboard → Application rate limit)',
      );
    },
  },
  ...META_TOKEN_RULES,
  META_PROOF_RULE,
  META_ID_KINDS_RULE,
  {
    id: 'meta.phone-number',
    group: 'meta',
    title: 'phone number',
    detects:
      'the phone number id does not exist or is hidden from the token (100/33), or is the phone number itself; shows display number and quality rating',
    follows: ['config.phone-number-id', 'meta.token-waba'],
    check: (facts) =>
      needGraph(
        facts,
        facts.meta.phone,
        facts.config.values.phoneNumberId ? undefined : 'no phone number id',
        (e) => {
          if (!isUnknownObject(e)) return undefined;
          const number = numberGivenAsId(facts);
          return number
            ? fail(
                `${facts.config.values.phoneNumberId} is the phone number (${number.display_phone_number ?? '?'}), not its id`,
                `set WHATSAPP_PHONE_NUMBER_ID=${number.id} (WhatsApp → API Setup → Phone number ID)`,
              )
            : fail(
                `phone number id ${facts.config.values.phoneNumberId} does not exist or this token cannot see it (${describeGraphFailure(e)})`,
                'copy the Phone number ID from WhatsApp → API Setup (an id, not the phone number itself)',
              );
        },
        (p) => {
          const text = `${p.display_phone_number ?? '?'}${p.verified_name ? ` (${p.verified_name})` : ''}, quality ${p.quality_rating ?? 'UNKNOWN'}`;
          return p.quality_rating === 'RED'
            ? warn(`${text}: sending is limited`, 'see WhatsApp Manager → Insights for the quality rating')
            : ok(text);
        },
      ),
  },
  {
    id: 'meta.phone-in-waba',
    group: 'meta',
    title: 'phone number in the WABA',
    detects: 'the phone number belongs to another WhatsApp Business Account than WHATSAPP_BUSINESS_ACCOUNT_ID',
    follows: ['config.phone-number-id', 'config.waba-id', 'meta.token-waba', 'meta.phone-number'],
    check: (facts) => {
      const { phoneNumberId, wabaId } = facts.config.values;
      return needGraph(
        facts,
        facts.meta.wabaPhones,
        phoneNumberId && wabaId ? undefined : 'needs phone number id and WABA id',
        wabaNotVisible(wabaId),
        (list) => {
          const found = list.data.find((n) => n.id === phoneNumberId);
          return found
            ? ok(
                `${found.display_phone_number ?? phoneNumberId} is one of WABA ${wabaId}'s ${list.data.length} number(s)`,
              )
            : fail(
                `phone number ${phoneNumberId} is not in WABA ${wabaId} (it has ` +
                  `${list.data.map((n) => n.display_phone_number ?? n.id).join(', ') || 'no numbers'})`,
                'use the WABA id and phone number id shown together in WhatsApp → API Setup',
              );
        },
      );
    },
  },
  ...META_NUMBER_RULES,
  {
    id: 'meta.waba-subscribed',
    group: 'meta',
    title: 'app subscribed to the WABA',
    detects:
      'the app is not subscribed to the WABA (subscribed_apps) — the #1 cause of "verified, but real messages never arrive"; or only another app is',
    follows: ['config.waba-id', 'meta.token-waba'],
    check: (facts) => {
      const { wabaId, appId } = facts.config.values;
      return needGraph(
        facts,
        facts.meta.subscribedApps,
        wabaId ? undefined : 'no WABA id',
        wabaNotVisible(wabaId),
        (list) => {
          const apps = list.data.map((a) => a.whatsapp_business_api_data ?? {});
          const names = apps.map((a) => `${a.name ?? '?'} (${a.id ?? '?'})`).join(', ');
          if (apps.length === 0)
            return fail(
              `no app is subscribed to WABA ${wabaId}: verifying the callback URL does not subscribe the app, so real messages never arrive`,
              FIX_OR(subscribeAppCurl(facts)),
            );
          if (appId && !apps.some((a) => a.id === appId))
            return fail(
              `app ${appId} is not subscribed to WABA ${wabaId}; only ${names} is`,
              FIX_OR(subscribeAppCurl(facts)),
            );
          return ok(`subscribed: ${names}`);
        },
      );
    },
  },
  {
    id: 'meta.app-subscription',
    group: 'meta',
    title: 'app webhook for WhatsApp',
    detects: 'the app has no (active) whatsapp_business_account webhook subscription',
    follows: ['config.app-id'],
    check: (facts) => {
      const unavailable = appSideUnavailable(facts);
      if (unavailable) return unavailable;
      const a = facts.meta.appSubscriptions;
      if (!a) return skip('not checked');
      if (!a.ok)
        return facts.meta.appTokenRejected
          ? skip('needs a valid app token (see meta.app-credentials)')
          : fail(describeGraphFailure(a.error), 'check the app id');
      const sub = whatsappSubscription(facts);
      if (!sub) return fail('the app has no webhook for whatsapp_business_account', FIX_OR(appSubscriptionCurl(facts)));
      if (sub.active === false)
        return fail('the WhatsApp webhook subscription is inactive', FIX_OR(appSubscriptionCurl(facts)));
      return ok(`active, callback ${sub.callback_url ?? '?'}`);
    },
  },
  {
    id: 'meta.callback-url',
    group: 'meta',
    title: 'callback URL is current',
    detects: 'Meta still calls an old callback URL (tunnel URL changed since it was registered)',
    check: (facts) =>
      withAppSubscription(facts, (_fields, callback) => {
        const current = announcedCallbackUrl(facts);
        if (!current)
          return skip(
            `Meta calls ${callback ?? '?'}; no current public URL to compare (run \`wa-hook up\` or pass --url)`,
          );
        if (sameUrl(callback, current)) return ok(`Meta calls ${current}`);
        return fail(
          `Meta calls ${callback ?? '(none)'}, but the current callback URL is ${current}`,
          `register the new URL: ${FIX_OR(appSubscriptionCurl(facts))} (or \`wa-hook up --register\`)`,
        );
      }),
  },
  {
    id: 'meta.messages-field',
    group: 'meta',
    title: '`messages` field subscribed',
    detects: 'the `messages` field is not subscribed (no messages, statuses or reactions are sent)',
    check: (facts) =>
      withAppSubscription(facts, (fields) =>
        fields.includes('messages')
          ? ok(`fields: ${fields.join(', ')}`)
          : fail(
              `\`messages\` is not among the subscribed fields (${fields.join(', ') || 'none'})`,
              `subscribe it (WhatsApp → Configuration → Webhook fields → messages), or ${FIX_OR(appSubscriptionCurl(facts))}`,
            ),
      ),
  },
  {
    id: 'meta.unknown-fields',
    group: 'meta',
    title: 'no non-WhatsApp fields',
    detects:
      'fields that do not exist for WhatsApp (message_status, message_reactions, message_deliveries, message_reads) — a guide mistake',
    check: (facts) =>
      withAppSubscription(facts, (fields) => {
        const bogus = fields.filter((f) => f in NOT_WHATSAPP_FIELDS);
        // Not in Meta's field table (webhooks/overview): a newer field than wa-hook knows, or a typo made through the API.
        const unknown = fields.filter((f) => !(f in NOT_WHATSAPP_FIELDS) && !WHATSAPP_FIELDS.includes(f));
        if (bogus.length === 0 && unknown.length === 0) return ok('only WhatsApp fields');
        if (bogus.length === 0)
          return warn(
            `not in Meta's WhatsApp field table: ${unknown.join(', ')}`,
            `known fields: ${WHATSAPP_FIELDS.join(', ')}`,
          );
        return warn(
          `${bogus.map((f) => `${f}: ${NOT_WHATSAPP_FIELDS[f]}`).join('; ')}${unknown.length ? `; not in Meta's field table: ${unknown.join(', ')}` : ''}`,
          'subscribe `messages` only; statuses and reactions come with it',
        );
      }),
  },
  META_OVERRIDE_RULE,
];
