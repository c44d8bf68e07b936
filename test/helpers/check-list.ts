import { GROUP_TITLES, type Rule } from '../../src/doctor/diagnose.js';

/**
 * The table of every doctor check in docs/troubleshooting.md, rendered from the rules themselves so the two cannot drift
 * (test/unit/doctor/readme-troubleshooting.test.ts compares them; UPDATE_README=1 rewrites the block).
 */
export function renderCheckList(rules: readonly Rule[]): string {
  const lines: string[] = [];
  for (const group of [...new Set(rules.map((r) => r.group))]) {
    lines.push(`**${GROUP_TITLES[group]}**`, '', '| check id | detects |', '|---|---|');
    for (const r of rules.filter((x) => x.group === group))
      lines.push(`| \`${r.id}\` | ${r.detects.replace(/\|/g, '\\|')} |`);
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}
