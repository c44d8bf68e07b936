import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Ctx } from '../context.js';
import { commonOptions, loadConfig, type CommonOptions } from './common.js';
import { oneOf, parsedCommand, readOptions, type RawOptions } from './options.js';
import { DEFAULT_GRAPH_PORT } from '../config/resolve.js';
import { CheckFailedError, UsageError } from '../errors.js';
import { createOutput } from '../ui/output-io.js';
import { parseScript, isLoopbackHttpUrl } from '../conversation/parse-script.js';
import type { Script, ScriptProblem } from '../conversation/script-types.js';
import type { FileResult } from '../conversation/results.js';
import { summarize } from '../conversation/results.js';
import { conversationLine, renderFailuresAndSummary, stepLine } from '../conversation/report-human.js';
import { renderJunit } from '../conversation/report-junit.js';
import { jsonProblems, jsonReport } from '../conversation/report-json.js';
import { errorReason } from '../errors-narrow.js';

export interface TestOptions extends CommonOptions {
  forwardTo?: string;
  reporter: 'human' | 'junit';
  graphPort?: number;
}

export function testOptions(raw: RawOptions): TestOptions {
  const reporter = oneOf(raw, 'reporter', ['human', 'junit']) ?? 'human';
  return { ...commonOptions(raw), ...readOptions(raw, { text: ['forwardTo'], port: ['graphPort'] }), reporter };
}

const SCHEMA_HINT =
  'the format is described in docs/conversation-tests.md and schema/conversation.schema.json (editors complete it)';

async function readScripts(
  files: string[],
  ctx: Ctx,
): Promise<{ scripts: Script[]; problems: Array<ScriptProblem & { file: string }> }> {
  const scripts: Script[] = [];
  const problems: Array<ScriptProblem & { file: string }> = [];
  for (const file of files) {
    const path = resolve(ctx.cwd, file);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${errorReason(error)}`, {
        hint: 'give the path of a conversation script (.yaml, .yml or .json)',
      });
    }
    const shown = relative(ctx.cwd, path) || file;
    const parsed = parseScript(text.replace(/^\uFEFF/, ''), shown, dirname(path));
    for (const problem of parsed.problems) problems.push({ file: shown, ...problem });
    if (parsed.script) scripts.push(parsed.script);
  }
  return { scripts, problems };
}

/** `wa-hook test FILE…`: plays conversation scripts against the bot. Exit 0 all pass, 1 a failure, 2 a bad script. */
export async function test(opts: TestOptions, ctx: Ctx, files: string[]): Promise<void> {
  const reporter = opts.reporter;
  if (opts.json && reporter === 'junit')
    throw new UsageError('--json and --reporter junit both want stdout: choose one');
  const output = createOutput(ctx, Boolean(opts.json));
  const human = !opts.json && reporter === 'human';
  if (files.length === 0)
    throw new UsageError('no conversation script given', { hint: 'wa-hook test conversations/*.yaml' });
  if (opts.forwardTo !== undefined && !isLoopbackHttpUrl(opts.forwardTo))
    throw new UsageError(`--forward-to must be an http:// URL on this machine, got "${opts.forwardTo}"`, {
      hint: 'e.g. --forward-to http://127.0.0.1:8000/webhook',
    });

  const { scripts, problems } = await readScripts(files, ctx);
  if (problems.length > 0) {
    if (opts.json) output.data(jsonProblems(problems));
    for (const p of problems) ctx.stderr.write(`${p.file}:${p.line}:${p.column}: ${p.message}\n`);
    throw new UsageError(
      `${problems.length} mistake${problems.length === 1 ? '' : 's'} in the script${files.length === 1 ? '' : 's'}`,
      {
        hint: SCHEMA_HINT,
      },
    );
  }
  const botless = scripts.find((s) => !s.bot && !opts.forwardTo);
  if (botless)
    throw new UsageError(`${botless.file} names no bot, and no --forward-to was given`, {
      hint: 'add `bot: { url: http://127.0.0.1:8000/webhook }` (and `command:` to start it), or pass --forward-to URL',
    });

  const config = await loadConfig(opts, ctx);
  const { runScript } = await import('../conversation/run-script-io.js');
  const results: FileResult[] = [];
  for (const script of scripts) {
    if (human) ctx.stdout.write(`${script.file}\n`);
    const forwarded = Boolean(opts.forwardTo) || !script.bot?.command;
    results.push(
      await runScript(script, {
        forwardTo: opts.forwardTo,
        cwd: ctx.cwd,
        env: ctx.env,
        graphPort: opts.graphPort ?? (forwarded ? DEFAULT_GRAPH_PORT : 0),
        appSecret: config.values.appSecret,
        accessToken: config.values.accessToken,
        phoneNumberId: config.values.phoneNumberId,
        wabaId: config.values.wabaId,
        signal: ctx.signal,
        onConversation: (c) => human && ctx.stdout.write(`${conversationLine(c)}\n`),
        onStep: (s) => human && ctx.stdout.write(`${stepLine(s, output.theme)}\n`),
      }),
    );
    if (ctx.signal.aborted) break;
  }
  const summary = summarize(results);
  if (opts.json) output.data(jsonReport(results, summary));
  else if (reporter === 'junit') ctx.stdout.write(renderJunit(results));
  else for (const line of renderFailuresAndSummary(results, summary, output.theme)) ctx.stdout.write(`${line}\n`);
  if (summary.failed > 0)
    throw new CheckFailedError(
      `${summary.failed} of ${Math.max(summary.conversations, summary.failed)} ` +
        `conversation${Math.max(summary.conversations, summary.failed) === 1 ? '' : 's'} failed`,
      {
        shown: human,
      },
    );
}

export const testCommand = parsedCommand(testOptions, test);
