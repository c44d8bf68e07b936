import type { Rule, Verdict } from '../../types.js';
import { fail, ok, skip, warn } from '../helpers.js';
import { accountChanges, day, latestBy, obj, str, type AccountChange } from './changes.js';

function judge(c: AccountChange): Verdict | undefined {
  const v = c.value;
  const name = `template "${str(v.message_template_name) ?? str(v.message_template_id) ?? '?'}" (${str(v.message_template_language) ?? '?'})`;
  const when = `(received ${day(c.receivedAt)})`;
  const other = obj(v.other_info);
  const metaSays = str(other.description) ? `: "${str(other.description)}"` : '';
  switch (str(v.event)) {
    case 'PAUSED':
      return warn(
        `Meta paused ${name}${str(other.title) ? ` [${str(other.title)}]` : ''} ${when}${metaSays}; sends with it fail (132015)`,
        'customers blocked or reported it: change its content (WhatsApp Manager → Message templates → Edit) or wait for the pause to end; a template ' +
          'paused again is disabled',
      );
    case 'DISABLED':
      return fail(
        `Meta disabled ${name} ${when}${metaSays}; sends with it fail (132016)`,
        'it was paused for low quality too often: create a new template with different content',
      );
    case 'FLAGGED':
      return warn(
        `Meta flagged ${name} ${when}: negative feedback, at risk of being paused or disabled`,
        'review its content and audience (WhatsApp Manager → Message templates → quality) before sending more',
      );
    case 'REJECTED': {
      const reason = str(v.reason);
      const info = str(v.reason_info) ?? str(obj(v.rejection_info).reason);
      const advice = str(v.recommendation_info) ?? str(obj(v.rejection_info).recommendation);
      return warn(
        `Meta rejected ${name}${reason ? ` (${reason})` : ''} ${when}${info ? `: "${info}"` : ''}`,
        advice ?? 'edit the template so it passes review (or appeal in WhatsApp Manager → Message templates)',
      );
    }
    default:
      return undefined;
  }
}

export const TEMPLATE_STATUS_RULE: Rule = {
  id: 'log.template-status',
  group: 'log',
  title: 'templates not paused or disabled',
  detects:
    'recorded message_template_status_update events: a template PAUSED, DISABLED, FLAGGED or REJECTED (sends with it fail with 132015/132016)',
  check: (facts) => {
    const changes = accountChanges(facts.events, ['message_template_status_update']);
    if (changes.length === 0) return skip('no message_template_status_update event recorded');
    const latest = latestBy(
      changes,
      (c) =>
        str(c.value.message_template_id) ??
        `${str(c.value.message_template_name)}|${str(c.value.message_template_language)}`,
    );
    const verdicts = latest.map(judge).filter((v): v is Verdict => v !== undefined);
    const [first] = verdicts;
    if (first === undefined)
      return ok(
        `${latest.length} template(s) updated, latest: ${latest.map((c) => `${str(c.value.message_template_name)} ${str(c.value.event)}`).join(', ')}`,
      );
    const worst = verdicts.find((v) => v.status === 'fail') ?? first;
    return verdicts.length === 1
      ? worst
      : { ...worst, finding: `${worst.finding} (+${verdicts.length - 1} more template problem(s))` };
  },
};
