/** What a run of conversation scripts found, as the reporters print it. */
import type { Mismatch } from './match.js';
import type { SourcePos } from './script-types.js';

export interface CallShown {
  method: string;
  path: string;
  status: number;
  request?: unknown;
  response?: unknown;
}

export interface StepFailure {
  message: string;
  mismatches?: Mismatch[];
  /** The bot's Graph call the step judged, shown under the diff. */
  call?: CallShown;
}

export interface StepResult {
  label: string;
  pos: SourcePos;
  status: 'passed' | 'failed' | 'skipped';
  ms: number;
  failure?: StepFailure;
}

export interface ConversationResult {
  name: string;
  pos: SourcePos;
  steps: StepResult[];
  ms: number;
  passed: boolean;
}

export interface FileResult {
  file: string;
  conversations: ConversationResult[];
  ms: number;
  /** The file could not run at all (its bot did not start): every conversation counts as failed. */
  error?: string;
}

export interface RunSummary {
  files: number;
  conversations: number;
  passed: number;
  failed: number;
  steps: number;
  ms: number;
}

export function summarize(files: FileResult[]): RunSummary {
  const conversations = files.flatMap((f) => f.conversations);
  const failed = conversations.filter((c) => !c.passed).length + files.filter((f) => f.error).length;
  return {
    files: files.length,
    conversations: conversations.length,
    passed: conversations.filter((c) => c.passed).length,
    failed,
    steps: conversations.reduce((n, c) => n + c.steps.filter((s) => s.status !== 'skipped').length, 0),
    ms: files.reduce((n, f) => n + f.ms, 0),
  };
}
