import type { Rule, Verdict } from '../../types.js';
import { ok, warn } from '../helpers.js';
import { accountStateRule } from './account-rule.js';
import { day, str, type AccountChange } from './changes.js';

const QUALITY_FIX =
  'check the quality rating in WhatsApp Manager → Phone numbers; send only to people who opted in, make opting out easy and cut messages that get ' +
  'blocked or reported (quality recovers over about a week)';

/** A number FLAGGED for low quality, or its messaging limit lowered (DOWNGRADE). */
function judge(c: AccountChange): Verdict | undefined {
  const event = str(c.value.event);
  const number = str(c.value.display_phone_number) ?? 'the number';
  const limit = messagingLimit(c);
  const when = `(received ${day(c.receivedAt)})`;
  if (event === 'FLAGGED')
    return warn(
      `Meta flagged ${number} for low quality ${when}: if quality does not improve its messaging limit drops`,
      QUALITY_FIX,
    );
  if (event === 'DOWNGRADE')
    return warn(
      `Meta lowered the messaging limit of ${number}${limit ? ` to ${limit}` : ''} ${when}: low quality`,
      QUALITY_FIX,
    );
  return undefined;
}

function messagingLimit(c: AccountChange): string | undefined {
  return str(c.value.current_limit) ?? str(c.value.max_daily_conversations_per_business);
}

export const NUMBER_QUALITY_RULE: Rule = accountStateRule({
  id: 'log.number-quality',
  title: 'number quality not flagged',
  detects:
    'recorded phone_number_quality_update events: the number FLAGGED for low quality or its messaging limit DOWNGRADEd',
  field: 'phone_number_quality_update',
  none: 'no phone_number_quality_update event recorded',
  key: (c) => str(c.value.display_phone_number) ?? '',
  judge,
  allClear: (latest) => {
    const last = latest.at(-1);
    const limit = last && messagingLimit(last);
    return ok(`last quality update: ${str(last?.value.event) ?? 'unknown'}${limit ? ` (${limit})` : ''}`);
  },
});
