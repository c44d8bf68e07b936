/**
 * doctor's rules: pure functions from gathered facts to findings with stable ids. Gathering the facts
 * (files, sockets, Graph API) is the job of src/adapters/doctor-facts.ts; rendering is src/ui/findings.ts.
 */
import { CONFIG_RULES } from './rules/config.js';
import { RECEIVER_RULES } from './rules/receiver.js';
import { PUBLIC_RULES } from './rules/public.js';
import { META_RULES } from './rules/meta.js';
import { LOG_RULES } from './rules/log.js';
import type { DoctorFacts, Finding, FindingGroup, Rule } from './types.js';

export type * from './types.js';

/** Every check in display order. The README troubleshooting section is checked against this list. */
export const RULES: readonly Rule[] = [
  ...CONFIG_RULES,
  ...RECEIVER_RULES,
  ...PUBLIC_RULES,
  ...META_RULES,
  ...LOG_RULES,
];

export const GROUP_TITLES: Readonly<Record<FindingGroup, string>> = {
  config: 'Configuration',
  receiver: 'Local receiver',
  public: 'Public URL',
  meta: 'Meta (Graph API)',
  log: 'Recorded events',
};

/** Runs every rule over the facts. A rule that throws is reported, never allowed to hide the others. */
export function diagnose(facts: DoctorFacts, rules: readonly Rule[] = RULES): Finding[] {
  return rules.map((rule) => {
    try {
      return { id: rule.id, group: rule.group, title: rule.title, ...rule.check(facts) };
    } catch (error) {
      return {
        id: rule.id,
        group: rule.group,
        title: rule.title,
        status: 'fail' as const,
        finding: `check crashed: ${(error as Error).message}`,
        fix: 'please report this bug',
      };
    }
  });
}

export function hasFailure(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.status === 'fail');
}

export function countByStatus(findings: readonly Finding[]): Record<Finding['status'], number> {
  const counts = { ok: 0, warn: 0, fail: 0, skip: 0 };
  for (const f of findings) counts[f.status] += 1;
  return counts;
}
