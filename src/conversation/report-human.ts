/** The terminal report: ✔/✖ per step as it runs, then one block per failure with the diff and the bot's call. */
import type { ChalkInstance } from 'chalk';
import { formatDuration } from './duration.js';
import type { ConversationResult, FileResult, RunSummary, StepFailure, StepResult } from './results.js';

const MAX_CALL_LINES = 30;

export function stepLine(step: StepResult, theme: ChalkInstance): string {
  const mark = step.status === 'passed' ? theme.green('✔') : step.status === 'failed' ? theme.red('✖') : theme.dim('-');
  const text = step.status === 'skipped' ? theme.dim(`${step.label} (skipped)`) : step.label;
  return `    ${mark} ${text}${step.status === 'passed' && step.ms >= 100 ? theme.dim(` ${formatDuration(step.ms)}`) : ''}`;
}

export function conversationLine(conversation: Pick<ConversationResult, 'name'>): string {
  return `  ${conversation.name}`;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');
}

function shownJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2) ?? String(value);
  const lines = text.split('\n');
  return lines.length > MAX_CALL_LINES
    ? [...lines.slice(0, MAX_CALL_LINES), `… ${lines.length - MAX_CALL_LINES} more lines`].join('\n')
    : text;
}

export function failureBlock(failure: StepFailure, theme: ChalkInstance): string[] {
  const lines = [`    ${failure.message}`];
  const width = Math.max(0, ...(failure.mismatches ?? []).map((m) => m.field.length));
  for (const m of failure.mismatches ?? []) {
    lines.push(theme.green(`    - expected ${m.field.padEnd(width)}  ${m.expected}`));
    lines.push(theme.red(`    + actual   ${m.field.padEnd(width)}  ${m.actual}`));
  }
  if (failure.call) {
    const c = failure.call;
    lines.push(theme.dim(`    the bot's call: ${c.method} ${c.path} → ${c.status}`));
    if (c.request !== undefined) lines.push(theme.dim(indent(shownJson(c.request), '      ')));
    if (c.status >= 400 && c.response !== undefined) {
      lines.push(theme.dim('    Meta answered:'));
      lines.push(theme.dim(indent(shownJson(c.response), '      ')));
    }
  }
  return lines;
}

/** Everything after the live lines: each failure in full, then the totals. */
export function renderFailuresAndSummary(files: FileResult[], summary: RunSummary, theme: ChalkInstance): string[] {
  const lines: string[] = [];
  for (const file of files) {
    if (file.error) lines.push('', theme.red(`✖ ${file.file}: ${file.error}`));
    for (const conversation of file.conversations) {
      const index = conversation.steps.findIndex((s) => s.status === 'failed');
      const step = conversation.steps[index];
      if (!step?.failure) continue;
      lines.push(
        '',
        theme.red(`✖ ${file.file} › ${conversation.name} › step ${index + 1}: ${step.label}`) +
          theme.dim(`  (${file.file}:${step.pos.line}:${step.pos.column})`),
        ...failureBlock(step.failure, theme),
      );
    }
  }
  const parts = [`${summary.conversations} conversation${summary.conversations === 1 ? '' : 's'}`];
  if (summary.passed) parts.push(theme.green(`${summary.passed} passed`));
  if (summary.failed) parts.push(theme.red(`${summary.failed} failed`));
  lines.push('', `${parts.join(', ')} (${summary.steps} steps, ${formatDuration(summary.ms)})`);
  return lines;
}
