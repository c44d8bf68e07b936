import type { EventRecord } from '../events/record/record.js';
import { factsOf, parseRecordPayload, type EventFacts } from '../events/facts.js';
import { verdictOf } from '../events/verdict.js';
import { isProblem } from '../events/probe.js';
import type { Output } from './output-io.js';
import { terminalSafe, terminalSafeBlock } from './terminal-text.js';

/** `2026-07-01 12:34:56` (UTC, as recorded): the list spans days, so the date is kept. */
function when(record: EventRecord): string {
  return String(record.receivedAt ?? '')
    .slice(0, 19)
    .replace('T', ' ');
}

/**
 * One line per record, like the live view of `up` plus the date and the id `events show` takes:
 * `2026-07-01 12:34:56  text          ← text from +16505551234 (Sheena) "Hello"  evt_…`
 */
export function renderListLine(out: Output, record: EventRecord, facts: EventFacts = factsOf(record)): void {
  if (out.json) {
    out.data({ ...record, label: facts.label, types: facts.types, summary: facts.summary });
    return;
  }
  const t = out.theme;
  const summary = terminalSafe(facts.summary.join(' · '));
  const label = terminalSafe(facts.label).padEnd(12);
  const problem = isProblem(record);
  out.result(
    `${t.dim(when(record))}  ${problem ? t.red(label) : label}  ${problem ? t.red(summary) : summary}  ${t.dim(terminalSafe(record.id))}`,
  );
}

/** `events show`: everything about one record — what arrived, what was answered, and why. */
export function renderDetail(out: Output, record: EventRecord): void {
  const facts = factsOf(record);
  const verdict = verdictOf(record);
  const payload = parseRecordPayload(record);
  if (out.json) {
    out.data({ ...record, label: facts.label, types: facts.types, summary: facts.summary, verdict });
    return;
  }
  const t = out.theme;
  const line = (text = '') => out.result(text);
  // Everything below comes from the record (a file, filled by the internet): shown, never obeyed.
  const safe = terminalSafe;
  line(`${t.bold(safe(record.id))}  ${safe(facts.label)}  ${safe(record.receivedAt)}`);
  line(`${safe(record.method)} ${safe(record.url)} → ${record.status}`);
  for (const s of facts.summary) line(safe(s));
  line(`${verdict.ok ? t.green('✔') : t.red('✖')} ${safe(verdict.text)}`);
  if (verdict.hint) line(`  ${t.cyan('→')} ${safe(verdict.hint)}`);
  if (record.forward) {
    const f = record.forward;
    line(safe(`forwarded to ${f.target}: ${f.error ?? f.status ?? '?'} in ${Math.round(f.ms)} ms`));
  }
  line();
  line(t.bold('Headers'));
  for (const [name, value] of Object.entries(record.headers)) line(`  ${safe(name)}: ${safe(String(value))}`);
  line();
  const kept =
    record.bodySize === undefined
      ? ''
      : `, first ${record.bodyBase64 !== undefined ? Buffer.from(record.bodyBase64, 'base64').length : Buffer.byteLength(record.body ?? '')} ` +
        `of ${record.bodySize} bytes: refused requests are stored cut`;
  line(t.bold(record.bodyBase64 !== undefined ? `Raw body (base64${kept})` : `Raw body (as received${kept})`));
  line(record.bodyBase64 ?? terminalSafeBlock(record.body ?? '(empty)'));
  if (payload !== undefined) {
    line();
    line(t.bold('JSON'));
    let pretty: string;
    try {
      pretty = JSON.stringify(payload, null, 2);
    } catch {
      pretty = '(too deeply nested to show)';
    }
    line(terminalSafeBlock(pretty));
  }
}
