import { describeGraphFailure, isUnknownObject, NOT_WHATSAPP_FIELDS, type DebugTokenData } from '../graph-types.js';
import type { DoctorFacts, Rule, Verdict } from './types.js';
import { announcedCallbackUrl, fail, ok, sameUrl, skip, warn } from './helpers.js';
import { appSubscriptionCurl, FIX_OR, metaUnavailable, needAppToken, needGraph, subscribeAppCurl, whatsappSubscription } from './meta-helpers.js';
import { META_OVERRIDE_RULE } from './meta-override-rule.js';

const SCOPES = ['whatsapp_business_management', 'whatsapp_business_messaging'];
const DAY = 86_400;
const SYSTEM_USER_FIX = 'use a system-user token (Business settings → System users → Generate token, never expires), then `wa-hook init`';

function debugData(facts: DoctorFacts): DebugTokenData | undefined {
  const d = facts.meta.debugToken;
  return d?.ok && d.data.is_valid !== false ? d.data : undefined;
}

function withToken(facts: DoctorFacts, check: (d: DebugTokenData) => Verdict): Verdict {
  const unavailable = metaUnavailable(facts);
  if (unavailable) return unavailable;
  const d = debugData(facts);
  return d ? check(d) : skip('needs a valid access token (see meta.token)');
}

/** Rules on the app's own webhook subscription: they need the app token, not the access token. */
function withAppSubscription(facts: DoctorFacts, check: (fields: string[], callback: string | undefined, active: boolean) => Verdict): Verdict {
  if (facts.meta.skipped === 'offline') return skip('skipped (--offline)');
  const missing = needAppToken(facts);
  if (missing) return skip(missing);
  const a = facts.meta.appSubscriptions;
  if (!a) return skip('not checked');
  if (!a.ok) return skip(`cannot read the app subscriptions (${describeGraphFailure(a.error)})`);
  const sub = whatsappSubscription(facts);
  if (!sub) return skip('no WhatsApp subscription (see meta.app-subscription)');
  return check((sub.fields ?? []).map((f) => f.name), sub.callback_url, sub.active !== false);
}

export const META_RULES: Rule[] = [
  {
    id: 'meta.token',
    group: 'meta',
    title: 'access token valid',
    detects: 'access token invalid, expired (190/463: the temporary token after ~24 h) or malformed (190)',
    check: (facts) => {
      const unavailable = metaUnavailable(facts);
      if (unavailable) return unavailable;
      const d = facts.meta.debugToken;
      if (!d) return skip('not checked');
      const expired = (code?: number, sub?: number) => code === 190 && sub === 463;
      if (!d.ok) {
        if (d.error.kind === 'graph' && expired(d.error.code, d.error.subcode)) return fail(`the access token has expired (${describeGraphFailure(d.error)})`, SYSTEM_USER_FIX);
        if (d.error.kind === 'graph' && d.error.code === 190) return fail(`Meta rejects the access token: ${describeGraphFailure(d.error)}`, 'copy the whole token again (no spaces/quotes), or generate a new one');
        return fail(describeGraphFailure(d.error), 'check the network/proxy (HTTPS_PROXY) and --graph-url');
      }
      if (d.data.is_valid === false) {
        const e = d.data.error;
        if (expired(e?.code, e?.subcode)) return fail(`the access token has expired: ${e?.message ?? ''}`.trim(), SYSTEM_USER_FIX);
        return fail(`the access token is not valid${e?.message ? `: ${e.message}` : ''}`, 'generate a new token (system user recommended) and update WHATSAPP_ACCESS_TOKEN');
      }
      return ok(`valid${d.data.type ? ` ${d.data.type}` : ''} token for app ${d.data.app_id ?? '?'}${d.data.application ? ` (${d.data.application})` : ''}`);
    },
  },
  {
    id: 'meta.token-expiry',
    group: 'meta',
    title: 'token lifetime',
    detects: 'a temporary (~24 h) token — the usual reason a bot stops sending after a day — or one that expires soon',
    check: (facts) =>
      withToken(facts, (d) => {
        const now = facts.now / 1000;
        if (!d.expires_at) return ok('never expires');
        const hours = Math.max(0, Math.round((d.expires_at - now) / 3600));
        if (d.issued_at && d.expires_at - d.issued_at <= 2 * DAY) return warn(`temporary token: expires in ${hours} h (API Setup tokens last ~24 h)`, SYSTEM_USER_FIX);
        if (d.expires_at - now < 7 * DAY) return warn(`expires in ${hours} h`, SYSTEM_USER_FIX);
        return ok(`expires ${new Date(d.expires_at * 1000).toISOString().slice(0, 10)}`);
      }),
  },
  {
    id: 'meta.token-scopes',
    group: 'meta',
    title: 'token scopes',
    detects: 'whatsapp_business_management or whatsapp_business_messaging missing from the token',
    check: (facts) =>
      withToken(facts, (d) => {
        const missing = SCOPES.filter((s) => !(d.scopes ?? []).includes(s));
        return missing.length ? fail(`missing ${missing.join(' and ')}`, 'generate the token again with both whatsapp_business_* permissions') : ok(SCOPES.join(' + '));
      }),
  },
  {
    id: 'meta.token-waba',
    group: 'meta',
    title: 'token can reach the WABA',
    detects: "the WABA is not among the token's granted targets (asset not assigned to the system user)",
    check: (facts) =>
      withToken(facts, (d) => {
        const waba = facts.config.values.wabaId;
        if (!waba) return skip('no WABA id');
        const granular = (d.granular_scopes ?? []).filter((g) => SCOPES.includes(g.scope) && Array.isArray(g.target_ids));
        if (granular.length === 0) return ok('no per-asset restriction reported');
        const listed = granular.some((g) => (g.target_ids ?? []).map(String).includes(waba));
        return listed ? ok(`WABA ${waba} is among the token's targets`) : fail(`WABA ${waba} is not among the token's targets`, 'assign the WhatsApp account to the system user (Business settings → System users → Assign assets) and generate a new token');
      }),
  },
  {
    id: 'meta.token-app',
    group: 'meta',
    title: 'token of the same app',
    detects: "the token belongs to another app than WHATSAPP_APP_ID (signatures use that other app's secret)",
    check: (facts) =>
      withToken(facts, (d) => {
        const appId = facts.config.values.appId;
        if (!appId || !d.app_id) return skip(appId ? 'token does not name its app' : 'no app id');
        return String(d.app_id) === appId ? ok(`app ${appId}`) : fail(`the token belongs to app ${d.app_id}, but WHATSAPP_APP_ID is ${appId}: events are signed with the secret of the app that is subscribed`, 'use the app id, App Secret and token of one and the same app');
      }),
  },
  {
    id: 'meta.app-credentials',
    group: 'meta',
    title: 'app id + App Secret accepted',
    detects: 'Meta rejects APP_ID|APP_SECRET: the App Secret (or app id) is wrong, so every signature check fails',
    check: (facts) => {
      if (facts.meta.skipped === 'offline') return skip('skipped (--offline)');
      const missing = needAppToken(facts);
      if (missing) return skip(missing);
      const rejected = facts.meta.appTokenRejected;
      if (rejected) return fail(`Meta rejects the app token (${describeGraphFailure(rejected)}): WHATSAPP_APP_SECRET or WHATSAPP_APP_ID is wrong`, "copy both from App settings → Basic of the app that is subscribed; a reset App Secret invalidates the old one");
      return facts.meta.appSubscriptions || facts.meta.debugVia === 'app' ? ok('accepted by Meta') : skip('not checked');
    },
  },
  {
    id: 'meta.phone-number',
    group: 'meta',
    title: 'phone number',
    detects: 'the phone number id does not exist or is hidden from the token (100/33); shows display number and quality rating',
    check: (facts) =>
      needGraph(facts, facts.meta.phone, facts.config.values.phoneNumberId ? undefined : 'no phone number id', (e) =>
        isUnknownObject(e) ? fail(`phone number id ${facts.config.values.phoneNumberId} does not exist or this token cannot see it (${describeGraphFailure(e)})`, 'copy the Phone number ID from WhatsApp → API Setup (an id, not the phone number itself)') : undefined,
      (p) => {
        const text = `${p.display_phone_number ?? '?'}${p.verified_name ? ` (${p.verified_name})` : ''}, quality ${p.quality_rating ?? 'UNKNOWN'}`;
        return p.quality_rating === 'RED' ? warn(`${text}: sending is limited`, 'see WhatsApp Manager → Insights for the quality rating') : ok(text);
      }),
  },
  {
    id: 'meta.phone-in-waba',
    group: 'meta',
    title: 'phone number in the WABA',
    detects: 'the phone number belongs to another WhatsApp Business Account than WHATSAPP_BUSINESS_ACCOUNT_ID',
    check: (facts) => {
      const { phoneNumberId, wabaId } = facts.config.values;
      return needGraph(facts, facts.meta.wabaPhones, phoneNumberId && wabaId ? undefined : 'needs phone number id and WABA id', (e) =>
        isUnknownObject(e) ? fail(`WABA ${wabaId} does not exist or this token cannot see it`, 'copy the WhatsApp Business Account ID from WhatsApp → API Setup') : undefined,
      (list) => {
        const found = list.data.find((n) => n.id === phoneNumberId);
        return found ? ok(`${found.display_phone_number ?? phoneNumberId} is one of WABA ${wabaId}'s ${list.data.length} number(s)`) : fail(`phone number ${phoneNumberId} is not in WABA ${wabaId} (it has ${list.data.map((n) => n.display_phone_number ?? n.id).join(', ') || 'no numbers'})`, 'use the WABA id and phone number id shown together in WhatsApp → API Setup');
      });
    },
  },
  {
    id: 'meta.waba-subscribed',
    group: 'meta',
    title: 'app subscribed to the WABA',
    detects: 'the app is not subscribed to the WABA (subscribed_apps) — the #1 cause of "verified, but real messages never arrive"; or only another app is',
    check: (facts) => {
      const { wabaId, appId } = facts.config.values;
      return needGraph(facts, facts.meta.subscribedApps, wabaId ? undefined : 'no WABA id', (e) =>
        isUnknownObject(e) ? fail(`WABA ${wabaId} does not exist or this token cannot see it`, 'copy the WhatsApp Business Account ID from WhatsApp → API Setup') : undefined,
      (list) => {
        const apps = list.data.map((a) => a.whatsapp_business_api_data ?? {});
        const names = apps.map((a) => `${a.name ?? '?'} (${a.id ?? '?'})`).join(', ');
        if (apps.length === 0) return fail(`no app is subscribed to WABA ${wabaId}: verifying the callback URL does not subscribe the app, so real messages never arrive`, FIX_OR(subscribeAppCurl(facts)));
        if (appId && !apps.some((a) => a.id === appId)) return fail(`app ${appId} is not subscribed to WABA ${wabaId}; only ${names} is`, FIX_OR(subscribeAppCurl(facts)));
        return ok(`subscribed: ${names}`);
      });
    },
  },
  {
    id: 'meta.app-subscription',
    group: 'meta',
    title: 'app webhook for WhatsApp',
    detects: 'the app has no (active) whatsapp_business_account webhook subscription',
    check: (facts) => {
      if (facts.meta.skipped === 'offline') return skip('skipped (--offline)');
      const missing = needAppToken(facts);
      if (missing) return skip(missing);
      const a = facts.meta.appSubscriptions;
      if (!a) return skip('not checked');
      if (!a.ok) return facts.meta.appTokenRejected ? skip('needs a valid app token (see meta.app-credentials)') : fail(describeGraphFailure(a.error), 'check the app id');
      const sub = whatsappSubscription(facts);
      if (!sub) return fail('the app has no webhook for whatsapp_business_account', FIX_OR(appSubscriptionCurl(facts)));
      if (sub.active === false) return fail('the WhatsApp webhook subscription is inactive', FIX_OR(appSubscriptionCurl(facts)));
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
        if (!current) return skip(`Meta calls ${callback ?? '?'}; no current public URL to compare (run \`wa-hook up\` or pass --url)`);
        if (sameUrl(callback, current)) return ok(`Meta calls ${current}`);
        return fail(`Meta calls ${callback ?? '(none)'}, but the current callback URL is ${current}`, `register the new URL: ${FIX_OR(appSubscriptionCurl(facts))} (or \`wa-hook up --register\`)`);
      }),
  },
  {
    id: 'meta.messages-field',
    group: 'meta',
    title: '`messages` field subscribed',
    detects: 'the `messages` field is not subscribed (no messages, statuses or reactions are sent)',
    check: (facts) =>
      withAppSubscription(facts, (fields) =>
        fields.includes('messages') ? ok(`fields: ${fields.join(', ')}`) : fail(`\`messages\` is not among the subscribed fields (${fields.join(', ') || 'none'})`, `subscribe it (WhatsApp → Configuration → Webhook fields → messages), or ${FIX_OR(appSubscriptionCurl(facts))}`),
      ),
  },
  {
    id: 'meta.unknown-fields',
    group: 'meta',
    title: 'no non-WhatsApp fields',
    detects: 'fields that do not exist for WhatsApp (message_status, message_reactions, message_deliveries, message_reads) — a guide mistake',
    check: (facts) =>
      withAppSubscription(facts, (fields) => {
        const bogus = fields.filter((f) => f in NOT_WHATSAPP_FIELDS);
        if (bogus.length === 0) return ok('only WhatsApp fields');
        return warn(`${bogus.map((f) => `${f}: ${NOT_WHATSAPP_FIELDS[f]}`).join('; ')}`, 'subscribe `messages` only; statuses and reactions come with it');
      }),
  },
  META_OVERRIDE_RULE,
];
