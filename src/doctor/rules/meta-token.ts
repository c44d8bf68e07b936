import { describeGraphFailure, isAppSecretProofRequired, type DebugTokenData } from '../../graph/types.js';
import type { DoctorFacts, Rule, Verdict } from '../types.js';
import { fail, ok, skip, warn } from './helpers.js';
import {
  metaUnavailable,
  needAppToken,
  needMeta,
  PROOF_SKIP,
  RATE_LIMITED_SKIP,
  SCOPES,
  TOKEN_SKIP,
} from './meta-helpers.js';
import { UNREACHABLE_SKIP } from './meta-network.js';
const DAY = 86_400;
const SYSTEM_USER_FIX =
  'use a system-user token (Business settings → System users → Generate token, never expires), then `wa-hook init`';

function debugData(facts: DoctorFacts): DebugTokenData | undefined {
  const d = facts.meta.debugToken;
  return d?.ok && d.data.is_valid !== false ? d.data : undefined;
}

function withToken(facts: DoctorFacts, check: (d: DebugTokenData) => Verdict): Verdict {
  const d = debugData(facts);
  return metaUnavailable(facts) ?? (d ? check(d) : skip(TOKEN_SKIP));
}

/** What debug_token says about the access token, and whether Meta accepts the app token. */
export const META_TOKEN_RULES: Rule[] = [
  {
    id: 'meta.token',
    group: 'meta',
    title: 'access token valid',
    detects: 'access token invalid, expired (190/463: the temporary token after ~24 h) or malformed (190)',
    check: needMeta((facts) => {
      const d = facts.meta.debugToken;
      if (!d) return skip('not checked');
      const expired = (code?: number, sub?: number) => code === 190 && sub === 463;
      if (!d.ok && isAppSecretProofRequired(d.error)) return skip(PROOF_SKIP);
      if (!d.ok) {
        if (d.error.kind === 'graph' && expired(d.error.code, d.error.subcode))
          return fail(`the access token has expired (${describeGraphFailure(d.error)})`, SYSTEM_USER_FIX);
        if (d.error.kind === 'graph' && d.error.code === 190)
          return fail(
            `Meta rejects the access token: ${describeGraphFailure(d.error)}`,
            'copy the whole token again (no spaces/quotes), or generate a new one',
          );
        return fail(
          describeGraphFailure(d.error),
          d.error.kind === 'graph'
            ? 'see the Graph API error above'
            : 'check the network/proxy (HTTPS_PROXY) and --graph-url',
        );
      }
      if (d.data.is_valid === false) {
        const e = d.data.error;
        if (expired(e?.code, e?.subcode))
          return fail(`the access token has expired: ${e?.message ?? ''}`.trim(), SYSTEM_USER_FIX);
        return fail(
          `the access token is not valid${e?.message ? `: ${e.message}` : ''}`,
          'generate a new token (system user recommended) and update WHATSAPP_ACCESS_TOKEN',
        );
      }
      return ok(
        `valid${d.data.type ? ` ${d.data.type}` : ''} token for app ${d.data.app_id ?? '?'}${d.data.application ? ` (${d.data.application})` : ''}`,
      );
    }),
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
        if (d.issued_at && d.expires_at - d.issued_at <= 2 * DAY)
          return warn(`temporary token: expires in ${hours} h (API Setup tokens last ~24 h)`, SYSTEM_USER_FIX);
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
        return missing.length
          ? fail(
              `missing ${missing.join(' and ')}`,
              'generate the token again with both whatsapp_business_* permissions',
            )
          : ok(SCOPES.join(' + '));
      }),
  },
  {
    id: 'meta.token-waba',
    group: 'meta',
    title: 'token can reach the WABA',
    detects: "the WABA is not among the token's granted targets (asset not assigned to the system user)",
    follows: ['config.waba-id', 'meta.id-kinds'],
    check: (facts) =>
      withToken(facts, (d) => {
        const waba = facts.config.values.wabaId;
        if (!waba) return skip('no WABA id');
        const granular = (d.granular_scopes ?? []).filter(
          (g) => SCOPES.includes(g.scope) && Array.isArray(g.target_ids),
        );
        if (granular.length === 0) return ok('no per-asset restriction reported');
        const listed = granular.some((g) => (g.target_ids ?? []).map(String).includes(waba));
        return listed
          ? ok(`WABA ${waba} is among the token's targets`)
          : fail(
              `WABA ${waba} is not among the token's targets`,
              'assign the WhatsApp account to the system user (Business settings → System users → Assign assets) and generate a new token',
            );
      }),
  },
  {
    id: 'meta.token-app',
    group: 'meta',
    title: 'token of the same app',
    detects: "the token belongs to another app than WHATSAPP_APP_ID (signatures use that other app's secret)",
    follows: ['config.app-id'],
    check: (facts) =>
      withToken(facts, (d) => {
        const appId = facts.config.values.appId;
        if (!appId || !d.app_id) return skip(appId ? 'token does not name its app' : 'no app id');
        return String(d.app_id) === appId
          ? ok(`app ${appId}`)
          : fail(
              `the token belongs to app ${d.app_id}, but WHATSAPP_APP_ID is ${appId}: events are signed with the secret of the app that is subscribed`,
              'use the app id, App Secret and token of one and the same app',
            );
      }),
  },
  {
    id: 'meta.app-credentials',
    group: 'meta',
    title: 'app id + App Secret accepted',
    detects: 'Meta rejects APP_ID|APP_SECRET: the App Secret (or app id) is wrong, so every signature check fails',
    follows: ['config.app-id', 'config.app-secret'],
    check: (facts) => {
      if (facts.meta.skipped === 'offline') return skip('skipped (--offline)');
      const missing = needAppToken(facts);
      if (missing) return skip(missing);
      const rejected = facts.meta.appTokenRejected;
      if (rejected)
        return fail(
          `Meta rejects the app token (${describeGraphFailure(rejected)}): WHATSAPP_APP_SECRET or WHATSAPP_APP_ID is wrong`,
          'copy both from App settings → Basic of the app that is subscribed; a reset App Secret invalidates the old one',
        );
      if (facts.meta.unreachable) return skip(UNREACHABLE_SKIP);
      if (facts.meta.rateLimited) return skip(RATE_LIMITED_SKIP);
      // Accepted only when Meta answered a call made with the app token (not when that call got no answer).
      const subs = facts.meta.appSubscriptions;
      return subs?.ok || (subs && subs.error.kind === 'graph') || facts.meta.debugVia === 'app'
        ? ok('accepted by Meta')
        : skip('not checked');
    },
  },
];
