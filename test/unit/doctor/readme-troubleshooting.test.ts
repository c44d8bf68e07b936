import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RULES } from '../../../src/doctor/diagnose.js';
import { renderCheckList } from '../../helpers/check-list.js';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const CHECKS_PAGE = fileURLToPath(new URL('../../../docs/troubleshooting.md', import.meta.url));
const START = '<!-- checks:start -->';
const END = '<!-- checks:end -->';

function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const next = text.indexOf('\n## ', start + heading.length + 2);
  return text.slice(start, next < 0 ? undefined : next);
}

describe('troubleshooting: README symptoms, docs/troubleshooting.md checks', () => {
  it('lists every doctor check exactly as the rules describe them', () => {
    let text = readFileSync(CHECKS_PAGE, 'utf8');
    const generated = `${START}\n${renderCheckList(RULES)}\n${END}`;
    expect(text.indexOf(START), 'docs/troubleshooting.md needs the checks:start/checks:end markers').toBeGreaterThan(0);
    // Maintainers regenerate the block with: UPDATE_README=1 npx vitest run test/unit/doctor/readme-troubleshooting.test.ts
    if (process.env.UPDATE_README === '1') {
      text = `${text.slice(0, text.indexOf(START))}${generated}${text.slice(text.indexOf(END) + END.length)}`;
      writeFileSync(CHECKS_PAGE, text);
    }
    expect(text.slice(text.indexOf(START), text.indexOf(END) + END.length)).toBe(generated);
  });

  it('names only check ids that exist, and every symptom row names at least one', () => {
    const trouble = section(readFileSync(README, 'utf8'), '## Troubleshooting');
    const table = trouble;
    const ids = new Set(RULES.map((r) => r.id));
    const rows = table
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| symptom') && !l.startsWith('|---'));
    expect(rows.length).toBeGreaterThanOrEqual(11);
    for (const row of rows) {
      const named = [...row.matchAll(/`([a-z]+\.[a-z.-]+)`/g)].map((m) => m[1]!);
      expect(named.length, row).toBeGreaterThan(0);
      for (const id of named) expect(ids.has(id), `${id} in "${row}"`).toBe(true);
    }
  });
});
