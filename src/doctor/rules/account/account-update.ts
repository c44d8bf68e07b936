import type { DoctorFacts, Rule, Verdict } from '../../types.js';
import { fail, ok, warn } from '../helpers.js';
import { accountStateRule } from './account-rule.js';
import { BUSINESS_SUPPORT_HOME, day, obj, str, type AccountChange } from './changes.js';

/** What each restriction Meta names stops (account_update reference, ACCOUNT_RESTRICTION). */
const RESTRICTIONS: Record<string, string> = {
  RESTRICTED_BIZ_INITIATED_MESSAGING: 'no business-initiated messages (templates)',
  RESTRICTED_CUSTOMER_INITIATED_MESSAGING: 'no replies to customer messages',
  RESTRICTED_ADD_PHONE_NUMBER_ACTION: 'no new phone numbers',
};

/** account_update events that change what the account may do; the rest (partners, pricing) are informational. */
const STATE_EVENTS = ['DISABLED_UPDATE', 'ACCOUNT_VIOLATION', 'ACCOUNT_RESTRICTION', 'ACCOUNT_DELETED'];

const APPEAL =
  `Business Support Home (${BUSINESS_SUPPORT_HOME}) → this WhatsApp Business Account → the violation: read what is restricted and until ` +
  `when; Request Review if you believe you comply (decided in 24–48 h), otherwise change what you send`;

function judge(c: AccountChange, { now }: DoctorFacts): Verdict {
  const v = c.value;
  const event = str(v.event);
  const waba = c.entryId ? `WhatsApp Business Account ${c.entryId}` : 'the WhatsApp Business Account';
  const when = `(account_update ${event}, received ${day(c.receivedAt)})`;
  if (event === 'DISABLED_UPDATE') {
    const ban = obj(v.ban_info);
    const state = str(ban.waba_ban_state);
    const date = str(ban.waba_ban_date);
    if (state === 'REINSTATE') return ok(`${waba} was reinstated ${when}`);
    if (state === 'SCHEDULE_FOR_DISABLE')
      return fail(`Meta scheduled ${waba} to be disabled${date ? ` (${date})` : ''} ${when}`, APPEAL);
    return fail(
      `Meta disabled ${waba}${date ? ` on ${date}` : ''} ${when}: every send fails until it is reinstated`,
      APPEAL,
    );
  }
  if (event === 'ACCOUNT_DELETED')
    return fail(
      `${waba} was deleted ${when}`,
      'create or pick another WhatsApp Business Account and update WHATSAPP_BUSINESS_ACCOUNT_ID',
    );
  if (event === 'ACCOUNT_RESTRICTION') {
    const list = Array.isArray(v.restriction_info) ? v.restriction_info.map(obj) : [];
    const active = list.filter((r) => {
      const exp = typeof r.expiration === 'number' ? r.expiration * 1000 : Date.parse(str(r.expiration) ?? '');
      return !Number.isFinite(exp) || exp > now;
    });
    if (list.length > 0 && active.length === 0) return ok(`the restriction of ${waba} has expired ${when}`);
    const what = active.map((r) => {
      const type = str(r.restriction_type) ?? 'a restriction';
      const exp =
        typeof r.expiration === 'number' ? new Date(r.expiration * 1000).toISOString().slice(0, 16) : str(r.expiration);
      return `${RESTRICTIONS[type] ?? type} [${type}]${exp ? ` until ${exp.replace('T', ' ')} UTC` : ''}`;
    });
    return fail(`Meta restricted ${waba}: ${what.join('; ') || 'see Business Support Home'} ${when}`, APPEAL);
  }
  const type = str(obj(v.violation_info).violation_type);
  return warn(
    `${waba} violated a WhatsApp policy${type ? ` (${type})` : ''} ${when}: repeated violations lead to messaging blocks and a disabled account`,
    APPEAL,
  );
}

export const ACCOUNT_UPDATE_RULE: Rule = accountStateRule({
  id: 'log.account-update',
  title: 'account not disabled or restricted',
  detects:
    'recorded account_update events: the WhatsApp Business Account disabled, scheduled for disabling, restricted, deleted or warned for a policy violation',
  field: 'account_update',
  counts: (c) => STATE_EVENTS.includes(str(c.value.event) ?? ''),
  none: 'no account_update event about bans, restrictions or violations recorded',
  key: (c) => c.entryId ?? '',
  judge,
});
