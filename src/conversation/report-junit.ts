/**
 * JUnit XML for CI dashboards (GitHub, GitLab, Jenkins read this shape): one <testsuite> per script file,
 * one <testcase> per conversation, a <failure> with the message and the diff for a failed one.
 */
import type { FileResult, StepFailure } from './results.js';

export function xmlEscape(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // Characters XML 1.0 cannot carry at all, even escaped.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
  );
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function failureText(failure: StepFailure): string {
  const lines = [failure.message];
  for (const m of failure.mismatches ?? [])
    lines.push(`- expected ${m.field}: ${m.expected}`, `+ actual   ${m.field}: ${m.actual}`);
  if (failure.call) {
    lines.push(`the bot's call: ${failure.call.method} ${failure.call.path} → ${failure.call.status}`);
    if (failure.call.request !== undefined) lines.push(JSON.stringify(failure.call.request, null, 2));
  }
  return lines.join('\n');
}

export function renderJunit(files: FileResult[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = files.flatMap((f) => f.conversations);
  const failures = all.filter((c) => !c.passed).length + files.filter((f) => f.error).length;
  const total = files.reduce((n, f) => n + f.ms, 0);
  out.push(
    `<testsuites name="wa-hook test" tests="${all.length + files.filter((f) => f.error).length}" failures="${failures}" errors="0" time="${seconds(total)}">`,
  );
  for (const file of files) {
    const failed = file.conversations.filter((c) => !c.passed).length + (file.error ? 1 : 0);
    const tests = file.conversations.length + (file.error ? 1 : 0);
    out.push(
      `  <testsuite name="${xmlEscape(file.file)}" tests="${tests}" failures="${failed}" errors="0" skipped="0" time="${seconds(file.ms)}">`,
    );
    if (file.error) {
      out.push(`    <testcase name="(start)" classname="${xmlEscape(file.file)}" time="0.000">`);
      out.push(
        `      <failure message="${xmlEscape(file.error)}" type="BotDidNotStart">${xmlEscape(file.error)}</failure>`,
      );
      out.push('    </testcase>');
    }
    for (const conversation of file.conversations) {
      const head =
        `    <testcase name="${xmlEscape(conversation.name)}" classname="${xmlEscape(file.file)}" ` +
        `file="${xmlEscape(file.file)}" line="${conversation.pos.line}" time="${seconds(conversation.ms)}"`;
      const index = conversation.steps.findIndex((s) => s.status === 'failed');
      const step = conversation.steps[index];
      if (!step?.failure) {
        out.push(`${head}/>`);
        continue;
      }
      const message = `step ${index + 1} (line ${step.pos.line}:${step.pos.column}) ${step.label}: ${step.failure.message}`;
      out.push(`${head}>`);
      out.push(
        `      <failure message="${xmlEscape(message)}" type="ConversationFailure">${xmlEscape(failureText(step.failure))}</failure>`,
      );
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
