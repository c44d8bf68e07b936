/** The `--json` document: one JSON value on stdout with every file, conversation and step. */
import type { FileResult, RunSummary } from './results.js';
import type { ScriptProblem } from './script-types.js';

export function jsonReport(files: FileResult[], summary: RunSummary): unknown {
  return { ok: summary.failed === 0, summary, files };
}

export function jsonProblems(problems: Array<ScriptProblem & { file: string }>): unknown {
  return { ok: false, problems };
}
