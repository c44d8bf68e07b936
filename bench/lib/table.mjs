// The closing table of `npm run bench`: one row per target (wa-hook, the same-work peer, the ratio,
// the target, PASS/MISS) and info rows with every peer's own figures.

const fmt = (value, digits = 1) => {
  if (value === undefined || value === null || Number.isNaN(value)) return '';
  if (typeof value === 'string') return value;
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(Math.abs(value) < 10 ? 2 : digits);
};

/**
 * A row comparing wa-hook (`ours`) with a peer (`base`). `min`: the ratio must be at least this (higher is
 * better: req/s); `max`: at most this (lower is better: CPU, time). `strict`: strictly above `min`.
 */
export function compareLine(metric, ours, base, { min, max, strict = false, failures = 0 } = {}) {
  const ratio = ours / base;
  const target = min !== undefined ? `${strict ? '>' : '≥'} ${min}×` : `≤ ${max}×`;
  const met =
    Number.isFinite(ratio) &&
    failures === 0 &&
    (min !== undefined ? (strict ? ratio > min : ratio >= min) : ratio <= max);
  return { metric, ours, base, ratio, target, met, ...(failures ? { note: `${failures} failed requests` } : {}) };
}

/** A row with one absolute value against an absolute target. */
export function absoluteLine(metric, ours, { below, unit = '' }) {
  return { metric, ours, target: `< ${below}${unit}`, met: Number.isFinite(ours) && ours < below };
}

export function infoLine(metric, text) {
  return { metric, info: text };
}

/** Row cells as printed: numbers rounded, ratios with two decimals, info and `n/a` rows carried through. */
export function cells(line) {
  if (line.na) return [line.metric, line.na, '', '', line.target ?? '', 'n/a'];
  if (line.info !== undefined) return [line.metric, line.info, '', '', 'info', ''];
  const met = line.met === undefined ? '' : line.met ? 'PASS' : 'MISS';
  return [
    line.metric,
    fmt(line.ours),
    fmt(line.base),
    line.ratio === undefined ? '' : `${line.ratio.toFixed(2)}×`,
    line.target,
    line.note ? `${met} (${line.note})` : met,
  ];
}

const HEAD = ['metric', 'wa-hook', 'peer', 'ratio', 'target', 'result'];

export function renderTable(lines) {
  const rows = [HEAD, ...lines.map(cells)];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) =>
    r.map((c, i) => (i === 0 || i >= 4 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The same table as GitHub markdown, for README's Performance section. */
export function renderMarkdown(lines) {
  const rows = lines.map(cells);
  return [`| ${HEAD.join(' | ')} |`, '|---|---:|---:|---:|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
}
