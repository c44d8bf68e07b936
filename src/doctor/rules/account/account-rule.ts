import type { DoctorFacts, Rule, Verdict } from '../../types.js';
import { accountChanges, latestBy, type AccountChange } from './changes.js';
import { skip } from '../helpers.js';

/**
 * A log rule over what Meta reported about the account in one webhook field: the newest change per key is
 * judged, and the worst verdict (a failure before a warning) is the finding.
 */
export function accountStateRule(rule: {
  id: string;
  title: string;
  detects: string;
  field: string;
  /** Which changes of the field count (default: all). */
  counts?: (c: AccountChange) => boolean;
  /** The skip when no change counts. */
  none: string;
  /** What a newer change supersedes: the older ones of the same key. */
  key: (c: AccountChange) => string;
  /** A verdict on one change, or undefined when it needs no action. */
  judge: (c: AccountChange, facts: DoctorFacts) => Verdict | undefined;
  /** The finding when no change needs action (a judge that always answers needs none). */
  allClear?: (latest: AccountChange[], counted: AccountChange[]) => Verdict;
  /** Names what the other verdicts are about: "(+2 more active)"; without it only the worst is told. */
  more?: string;
}): Rule {
  return {
    id: rule.id,
    group: 'log',
    title: rule.title,
    detects: rule.detects,
    check: (facts) => {
      const counted = accountChanges(facts.events, [rule.field]).filter(rule.counts ?? (() => true));
      if (counted.length === 0) return skip(rule.none);
      const latest = latestBy(counted, rule.key);
      const verdicts = latest.flatMap((c) => rule.judge(c, facts) ?? []);
      const worst =
        verdicts.find((v) => v.status === 'fail') ?? verdicts.find((v) => v.status === 'warn') ?? verdicts[0];
      if (!worst) return rule.allClear?.(latest, counted) ?? skip(rule.none);
      return rule.more === undefined || verdicts.length === 1
        ? worst
        : { ...worst, finding: `${worst.finding} (+${verdicts.length - 1} more ${rule.more})` };
    },
  };
}
