import type { ChalkInstance } from 'chalk';
import { countByStatus, GROUP_TITLES, type Finding } from '../doctor/diagnose.js';
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
 * A finding caused by another one is printed under its cause (`↳ … (follows from …)`), without a fix of
 * its own: fixing the cause fixes it.
 */
export function renderFindings(findings: readonly Finding[], theme: ChalkInstance): string[] {
  const lines: string[] = [];
  const consequences = (id: string) => findings.filter((f) => f.causedBy === id);
  const shown = findings.filter((f) => !f.causedBy);
  const groups = [...new Set(shown.map((f) => f.group))];
  for (const group of groups) {
    const items = shown.filter((f) => f.group === group);
    lines.push(theme.bold(GROUP_TITLES[group]));
    const reasons = new Set(items.map((f) => f.finding));
    const [first] = items;
    if (first && items.every((f) => f.status === 'skip') && reasons.size === 1) {
      lines.push(`  ${theme.dim(`– all ${items.length} checks — ${first.finding}`)}`);
      continue;
    }
    for (const f of items) {
      if (f.status === 'skip') continue;
      lines.push(`  ${paint(theme, f)} ${f.title} — ${f.finding}`);
      if (f.fix && f.status !== 'ok') lines.push(`    ${theme.cyan(SYMBOLS.hint)} ${f.fix}`);
      for (const c of consequences(f.id))
        lines.push(
          `    ${theme.dim('↳')} ${paint(theme, c)} ${c.title} — ${c.finding} ${theme.dim('(a consequence of this)')}`,
        );
    }
    // Skips after the checks that ran, one line per reason: "– a, b, c — nothing listening".
    for (const reason of new Set(items.filter((f) => f.status === 'skip').map((f) => f.finding))) {
      const titles = items.filter((f) => f.status === 'skip' && f.finding === reason).map((f) => f.title);
      lines.push(`  ${theme.dim(`– ${titles.join(', ')} — ${reason}`)}`);
    }
  }
  const c = countByStatus(findings);
  lines.push('');
  const also = c.consequences ? ` (+${c.consequences} consequence${c.consequences === 1 ? '' : 's'})` : '';
  lines.push(`${c.ok} ok, ${c.warn} warning${c.warn === 1 ? '' : 's'}, ${c.fail} failed${also}, ${c.skip} skipped`);
  return lines;
}
