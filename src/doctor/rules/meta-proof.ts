import { maskSecret } from '../../config/redact.js';
import { describeGraphFailure } from '../../graph/types.js';
import type { DoctorFacts, Rule } from '../types.js';
import { fail, graphBase, ok, skip } from './helpers.js';
import { needMeta } from './meta-helpers.js';

/** How the proof is computed, as a command that prints it from the two values the bot already has. */
function proofCommand(facts: DoctorFacts): string {
  return (
    `node -e "console.log(require('crypto').createHmac('sha256', process.env.WHATSAPP_APP_SECRET)` +
    `.update(process.env.WHATSAPP_ACCESS_TOKEN).digest('hex'))"` +
    `, then add appsecret_proof=<that hex> to every Graph call (e.g. ` +
    `${graphBase(facts)}/${facts.config.values.phoneNumberId ?? '<PHONE_NUMBER_ID>'}?appsecret_proof=<hex> ` +
    `with Authorization: Bearer ${maskSecret(facts.config.values.accessToken)})`
  );
}

/**
 * The app's "Require App Secret" setting: every call with a user or system-user token must carry
 * appsecret_proof = HMAC-SHA256(key: App Secret, message: access token), hex. Bots and SDKs that do not send it
 * get #100 on every call, which reads like "the ids do not exist".
 */
export const META_PROOF_RULE: Rule = {
  id: 'meta.appsecret-proof',
  group: 'meta',
  title: 'calls without appsecret_proof accepted',
  detects:
    'the app requires appsecret_proof on server calls (App settings → Advanced → Require ' +
    'App Secret): every call without it fails with #100, not because an id is wrong',
  check: needMeta((facts) => {
    const e = facts.meta.appSecretProofRequired;
    if (e)
      return fail(
        `Meta requires appsecret_proof on every call with this token (${describeGraphFailure(e)}): the app has "Require ` +
          `App Secret" on, so a bot that does not send the proof gets this error on every call — the ids are not the problem`,
        `either send the proof: appsecret_proof is the HMAC-SHA256 of the access token with the App Secret as key, in ` +
          `hex — ${proofCommand(facts)}; or turn the setting off: App Dashboard → App settings → Advanced → Security → Require App Secret → No`,
      );
    const { phone, waba, subscribedApps, wabaPhones, phoneDetails } = facts.meta;
    return [phone, waba, subscribedApps, wabaPhones, phoneDetails].some((o) => o?.ok)
      ? ok('not required')
      : skip('no call with the access token was answered');
  }),
};
