import type { ChalkInstance } from 'chalk';
import { countByStatus, GROUP_TITLES, type Finding, type FindingGroup } from '../doctor/diagnose.js';
import { SYMBOLS } from './theme.js';

const SYMBOL: Record<Finding['status'], string> = { ok: SYMBOLS.ok, warn: SYMBOLS.warn, fail: SYMBOLS.fail, skip: '–' };

function paint(theme: ChalkInstance, f: Finding): string {
  const symbol = SYMBOL[f.status];
  return f.status === 'ok'
    ? theme.green(symbol)
    : f.status === 'warn'
      ? theme.yellow(symbol)
      : f.status === 'fail'
        ? theme.red(symbol)
        : theme.dim(symbol);
}

/**
 * `✔ / ⚠ / ✖ / – name — finding` and `→ fix` under anything not ok, grouped. A group whose checks were
 * all skipped for the same reason collapses to one line, so `--offline` does not print fifteen dashes.
 */
export function renderFindings(findings: readonly Finding[], theme: ChalkInstance): string[] {
  const lines: string[] = [];
  const groups = [...new Set(findings.map((f) => f.group))] as FindingGroup[];
  for (const group of groups) {
    const items = findings.filter((f) => f.group === group);
    lines.push(theme.bold(GROUP_TITLES[group]));
    const reasons = new Set(items.map((f) => f.finding));
    if (items.every((f) => f.status === 'skip') && reasons.size === 1) {
      lines.push(`  ${theme.dim(`– all ${items.length} checks — ${items[0]!.finding}`)}`);
      continue;
    }
    for (const f of items) {
      if (f.status === 'skip') continue;
      lines.push(`  ${paint(theme, f)} ${f.title} — ${f.finding}`);
      if (f.fix && f.status !== 'ok') lines.push(`    ${theme.cyan(SYMBOLS.hint)} ${f.fix}`);
    }
    // Skips after the checks that ran, one line per reason: "– a, b, c — nothing listening".
    for (const reason of new Set(items.filter((f) => f.status === 'skip').map((f) => f.finding))) {
      const titles = items.filter((f) => f.status === 'skip' && f.finding === reason).map((f) => f.title);
      lines.push(`  ${theme.dim(`– ${titles.join(', ')} — ${reason}`)}`);
    }
  }
  const c = countByStatus(findings);
  lines.push('');
  lines.push(`${c.ok} ok, ${c.warn} warning${c.warn === 1 ? '' : 's'}, ${c.fail} failed, ${c.skip} skipped`);
  return lines;
}
