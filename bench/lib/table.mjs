// The closing table of `npm run bench`: one row per metric, with the baseline and the ratio.

const fmt = (value, digits = 1) => {
  if (value === undefined || value === null || Number.isNaN(value)) return '';
  if (typeof value === 'string') return value;
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(digits);
};

/** Row cells as printed: numbers rounded, ratios with two decimals, `n/a` lines carried through. */
export function cells(line) {
  if (line.na) return [line.metric, line.na, '', '', line.target, 'n/a'];
  const met = line.met === undefined ? '' : line.met ? 'yes' : 'NO';
  return [
    line.metric,
    fmt(line.ours),
    fmt(line.base),
    line.ratio === undefined ? '' : `${line.ratio.toFixed(2)}×`,
    line.target,
    met,
  ];
}

export function renderTable(lines) {
  const rows = [['metric', 'wa-hook', 'baseline', 'ratio', 'target', 'met?'], ...lines.map(cells)];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) =>
    r.map((c, i) => (i === 0 || i >= 4 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The same table as GitHub markdown, for README's Performance section. */
export function renderMarkdown(lines) {
  const rows = lines.map(cells);
  return [
    '| metric | wa-hook | baseline | ratio | target | met? |',
    '|---|---:|---:|---:|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}
