import type { Rule, Verdict } from '../../types.js';
import { fail, ok, warn } from '../helpers.js';
import { accountStateRule } from './account-rule.js';
import { day, obj, str, type AccountChange } from './changes.js';

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

export const TEMPLATE_STATUS_RULE: Rule = accountStateRule({
  id: 'log.template-status',
  title: 'templates not paused or disabled',
  detects:
    'recorded message_template_status_update events: a template PAUSED, DISABLED, FLAGGED or REJECTED (sends with it fail with 132015/132016)',
  field: 'message_template_status_update',
  none: 'no message_template_status_update event recorded',
  key: (c) =>
    str(c.value.message_template_id) ??
    `${str(c.value.message_template_name)}|${str(c.value.message_template_language)}`,
  judge,
  allClear: (latest) =>
    ok(
      `${latest.length} template(s) updated, latest: ${latest.map((c) => `${str(c.value.message_template_name)} ${str(c.value.event)}`).join(', ')}`,
    ),
  more: 'template problem(s)',
});
