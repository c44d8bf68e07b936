import type { Rule, Verdict } from '../../types.js';
import { fail, ok, warn } from '../helpers.js';
import { accountStateRule } from './account-rule.js';
import { day, obj, str, type AccountChange } from './changes.js';

/** Meta's suggested action per alert type (account_alerts reference). */
const ACTIONS: Record<string, string> = {
  INCREASED_CAPABILITIES_ELIGIBILITY_DEFERRED:
    'keep using the platform for several days within the messaging policies, or verify your business (Meta Business Suite → Security Center) to raise ' +
    'the messaging limit',
  INCREASED_CAPABILITIES_ELIGIBILITY_FAILED:
    'request a limit increase or get the business verified (Meta Business Suite → Security Center)',
  INCREASED_CAPABILITIES_ELIGIBILITY_NEED_MORE_INFO:
    'verify your identity (Meta Business Suite → Security Center) or raise the messaging limit by sending within the policies',
  OBA_REJECTED: 'review the Official Business Account criteria, edit the display name and submit a new request',
  PROFILE_PICTURE_LOST:
    'upload a new profile photo (WhatsApp Manager → Phone numbers → Profile, or the business profile API)',
};

/** An ACTIVE WARNING or CRITICAL alert, with Meta's description and the action it suggests. */
function judge(c: AccountChange): Verdict | undefined {
  const info = obj(c.value.alert_info);
  const severity = str(info.alert_severity);
  if (str(info.alert_status) !== 'ACTIVE' || (severity !== 'WARNING' && severity !== 'CRITICAL')) return undefined;
  const type = str(info.alert_type) ?? 'alert';
  const text = `${severity} ${type} (received ${day(c.receivedAt)}): "${str(info.alert_description) ?? 'no description'}"`;
  const fix = ACTIONS[type] ?? 'follow the alert in WhatsApp Manager (Meta Business Suite → notifications)';
  return severity === 'CRITICAL' ? fail(text, fix) : warn(text, fix);
}

export const ACCOUNT_ALERTS_RULE: Rule = accountStateRule({
  id: 'log.account-alerts',
  title: 'no active account alert',
  detects:
    'recorded account_alerts events with an ACTIVE WARNING or CRITICAL alert (messaging limit not increased, identity verification needed, profile ' +
    'photo lost, OBA rejected), in Meta’s own words',
  field: 'account_alerts',
  none: 'no account_alerts event recorded',
  key: (c) => `${str(c.value.entity_id)}|${str(obj(c.value.alert_info).alert_type)}`,
  judge,
  allClear: (_latest, alerts) => ok(`${alerts.length} account alert(s) recorded, none active and needing action`),
  more: 'active',
});
