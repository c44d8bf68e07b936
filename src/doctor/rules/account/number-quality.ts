import type { Rule } from '../../types.js';
import { ok, skip, warn } from '../helpers.js';
import { accountChanges, day, latestBy, str } from './changes.js';

const QUALITY_FIX =
  'check the quality rating in WhatsApp Manager → Phone numbers; send only to people who opted in, make opting out easy and cut messages that get ' +
  'blocked or reported (quality recovers over about a week)';

export const NUMBER_QUALITY_RULE: Rule = {
  id: 'log.number-quality',
  group: 'log',
  title: 'number quality not flagged',
  detects:
    'recorded phone_number_quality_update events: the number FLAGGED for low quality or its messaging limit DOWNGRADEd',
  check: (facts) => {
    const changes = accountChanges(facts.events, ['phone_number_quality_update']);
    const latest = latestBy(changes, (c) => str(c.value.display_phone_number) ?? '');
    const last = latest.at(-1);
    if (last === undefined) return skip('no phone_number_quality_update event recorded');
    for (const c of latest) {
      const event = str(c.value.event);
      const number = str(c.value.display_phone_number) ?? 'the number';
      const limit = str(c.value.current_limit) ?? str(c.value.max_daily_conversations_per_business);
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
    }
    const limit = str(last.value.current_limit) ?? str(last.value.max_daily_conversations_per_business);
    return ok(`last quality update: ${str(last.value.event) ?? 'unknown'}${limit ? ` (${limit})` : ''}`);
  },
};
