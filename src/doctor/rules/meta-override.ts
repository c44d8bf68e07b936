import { maskSecret } from '../../config/redact.js';
import type { DoctorFacts, Rule, Verdict } from '../types.js';
import { announcedCallbackUrl, fail, graphBase, ok, sameUrl, skip, warn } from './helpers.js';
import { needUsableToken } from './meta-helpers.js';

interface Override {
  level: 'phone' | 'WABA';
  url: string;
}

/**
 * Phone beats WABA beats app: the first override present receives the events.
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/override
 */
function findOverride(facts: DoctorFacts): Override | undefined {
  const phone = facts.meta.phone;
  const conf = phone?.ok ? phone.data.webhook_configuration : undefined;
  if (conf?.phone_number) return { level: 'phone', url: conf.phone_number };
  if (conf?.whatsapp_business_account) return { level: 'WABA', url: conf.whatsapp_business_account };
  const apps = facts.meta.subscribedApps;
  if (apps?.ok) {
    const appId = facts.config.values.appId;
    const mine = apps.data.data.find((a) => !appId || a.whatsapp_business_api_data?.id === appId);
    if (mine?.override_callback_uri) return { level: 'WABA', url: mine.override_callback_uri };
  }
  return undefined;
}

function clearCommand(facts: DoctorFacts, o: Override): string {
  const { phoneNumberId, wabaId, accessToken } = facts.config.values;
  const auth = `-H "Authorization: Bearer ${maskSecret(accessToken)}"`;
  return o.level === 'phone'
    ? `curl -X POST "${graphBase(facts)}/${phoneNumberId}" ${auth} -H "Content-Type: ` +
        `application/json" -d '{"webhook_configuration":{"override_callback_uri":""}}'`
    : `curl -X POST "${graphBase(facts)}/${wabaId}/subscribed_apps" ${auth}   # re-subscribing without a body clears the WABA override`;
}

export const META_OVERRIDE_RULE: Rule = {
  id: 'meta.overrides',
  group: 'meta',
  title: 'no stale callback override',
  detects: 'a callback override on the phone number or WABA that shadows the app callback (often a stale tunnel URL)',
  check: needUsableToken((facts): Verdict => {
    if (!facts.meta.phone && !facts.meta.subscribedApps) return skip('needs phone number id or WABA id');
    // "No override" is only known from an answer: the phone's webhook_configuration or the WABA's subscribed_apps.
    if (!facts.meta.phone?.ok && !facts.meta.subscribedApps?.ok)
      return skip('cannot read the number or the WABA (see the checks above)');
    const o = findOverride(facts);
    if (!o) return ok('no override: events go to the app callback');
    const current = announcedCallbackUrl(facts);
    if (current && sameUrl(o.url, current)) return ok(`${o.level} override points at the current URL ${current}`);
    if (current)
      return fail(
        `a ${o.level}-level override sends events to ${o.url}, not to the current ${current}`,
        `clear the override (or set it to the current URL): ${clearCommand(facts, o)}`,
      );
    return warn(
      `a ${o.level}-level override sends events to ${o.url}, not to the app callback`,
      `if that is not intended, clear it: ${clearCommand(facts, o)}`,
    );
  }),
};
