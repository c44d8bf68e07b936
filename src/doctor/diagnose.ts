/**
 * doctor's rules: pure functions from gathered facts to findings with stable ids. Gathering the facts
 * (files, sockets, Graph API) is the job of gather-facts-io.ts; rendering is src/ui/findings.ts.
 */
import { CONFIG_RULES } from './rules/config.js';
import { RECEIVER_RULES } from './rules/receiver.js';
import { PUBLIC_RULES } from './rules/public.js';
import { META_RULES } from './rules/meta.js';
import { LOG_RULES } from './rules/log.js';
import { LOG_NUMBER_FORMS_RULE } from './rules/log-numbers.js';
import { ACCOUNT_STATE_RULES } from './rules/account/account-rules.js';
import { LOCAL_RULES } from './rules/local/rules.js';
import type { DoctorFacts, Finding, FindingGroup, Rule, Verdict } from './types.js';
import { errorMessage } from '../errors-narrow.js';

export type * from './types.js';

/** Every check in display order. The README troubleshooting section is checked against this list. */
export const RULES: readonly Rule[] = [
  ...CONFIG_RULES,
  ...RECEIVER_RULES,
  ...PUBLIC_RULES,
  ...META_RULES,
  ...LOG_RULES,
  LOG_NUMBER_FORMS_RULE,
  ...ACCOUNT_STATE_RULES,
  ...LOCAL_RULES,
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
  const findings = rules.map((rule): Finding & Pick<Verdict, 'after'> => {
    try {
      return { id: rule.id, group: rule.group, title: rule.title, ...rule.check(facts) };
    } catch (error) {
      return {
        id: rule.id,
        group: rule.group,
        title: rule.title,
        status: 'fail' as const,
        finding: `check crashed: ${errorMessage(error)}`,
        fix: 'please report this bug',
      };
    }
  });
  return linkCauses(findings, rules);
}

const isProblem = (f: Finding | undefined): f is Finding => f?.status === 'warn' || f?.status === 'fail';

/**
 * One cause → one problem: a warning or failure whose rule follows an earlier check that is itself a problem
 * (or whose verdict names one with `after`) becomes that check's consequence. Chains resolve to the root, so
 * the user sees each cause once with what it breaks underneath.
 */
export function linkCauses(
  findings: ReadonlyArray<Finding & Pick<Verdict, 'after'>>,
  rules: readonly Rule[],
): Finding[] {
  const byId = new Map(findings.map((f) => [f.id, f]));
  const follows = new Map(rules.map((r) => [r.id, r.follows ?? []]));
  const direct = new Map<string, string>();
  for (const f of findings) {
    if (!isProblem(f)) continue;
    const candidates = [...(typeof f.after === 'string' ? [f.after] : (f.after ?? [])), ...(follows.get(f.id) ?? [])];
    const cause = candidates.find((id) => id !== f.id && isProblem(byId.get(id)));
    if (cause) direct.set(f.id, cause);
  }
  const root = (id: string): string => {
    const seen = new Set<string>([id]);
    let at = id;
    for (let next = direct.get(at); next && !seen.has(next); next = direct.get(at)) {
      seen.add(next);
      at = next;
    }
    return at;
  };
  return findings.map(({ after: _after, ...f }) => {
    const cause = direct.has(f.id) ? root(f.id) : undefined;
    return cause && cause !== f.id ? { ...f, causedBy: cause } : f;
  });
}

export function hasFailure(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.status === 'fail');
}

/** Counts problems by cause: a consequence of another finding is counted under `consequences`, not again. */
export function countByStatus(findings: readonly Finding[]): Record<Finding['status'] | 'consequences', number> {
  const counts = { ok: 0, warn: 0, fail: 0, skip: 0, consequences: 0 };
  for (const f of findings) {
    if (f.causedBy) counts.consequences += 1;
    else counts[f.status] += 1;
  }
  return counts;
}
