import type { Rule, Verdict } from '../../types.js';
import { fail, ok, skip, warn } from '../helpers.js';
import { accountChanges, day, latestBy, obj, str } from './changes.js';

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

export const ACCOUNT_ALERTS_RULE: Rule = {
  id: 'log.account-alerts',
  group: 'log',
  title: 'no active account alert',
  detects:
    'recorded account_alerts events with an ACTIVE WARNING or CRITICAL alert (messaging limit not increased, identity verification needed, profile ' +
    'photo lost, OBA rejected), in Meta’s own words',
  check: (facts) => {
    const alerts = accountChanges(facts.events, ['account_alerts']);
    if (alerts.length === 0) return skip('no account_alerts event recorded');
    const latest = latestBy(alerts, (c) => `${str(c.value.entity_id)}|${str(obj(c.value.alert_info).alert_type)}`);
    const verdicts: Verdict[] = [];
    for (const c of latest) {
      const info = obj(c.value.alert_info);
      const severity = str(info.alert_severity);
      if (str(info.alert_status) !== 'ACTIVE' || (severity !== 'WARNING' && severity !== 'CRITICAL')) continue;
      const type = str(info.alert_type) ?? 'alert';
      const text = `${severity} ${type} (received ${day(c.receivedAt)}): "${str(info.alert_description) ?? 'no description'}"`;
      const fix = ACTIONS[type] ?? 'follow the alert in WhatsApp Manager (Meta Business Suite → notifications)';
      verdicts.push(severity === 'CRITICAL' ? fail(text, fix) : warn(text, fix));
    }
    const [first] = verdicts;
    if (first === undefined) return ok(`${alerts.length} account alert(s) recorded, none active and needing action`);
    const worst = verdicts.find((v) => v.status === 'fail') ?? first;
    return verdicts.length === 1
      ? worst
      : { ...worst, finding: `${worst.finding} (+${verdicts.length - 1} more active)` };
  },
};
