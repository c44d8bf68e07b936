/**
 * `wa-hook send-sample`: Meta-faithful, correctly signed sample events (or a hand-written payload, or
 * a recorded one replayed byte for byte) sent to the callback, with a verdict per request.
 */
import type { Ctx } from '../../context.js';
import { createOutput, type Output } from '../../ui/output-io.js';
import { loadConfig, resolveTarget, positiveInt, type CommonOptions } from '../common.js';
import { CheckFailedError, UsageError, WaHookError } from '../../errors.js';
import type { Template } from '../../samples/render.js';
import { createIdFactory } from '../../samples/ids.js';
import { maskSecret } from '../../config/redact.js';
import { suggestNames } from '../../ui/did-you-mean.js';
import { judgeDelivery, formatMs, type DeliveryContext, type DeliveryVerdict } from '../../samples/send-verdict.js';
import { loadTemplates } from '../../samples/templates-io.js';
import { createSender, type Sender } from '../../samples/sender-io.js';
import { fileSend, makeSigner, replaySend, sampleSend, varsFor, type PlannedSend, type Signing } from './plan.js';
import { runBurst } from './burst.js';
import { printFixture, writeFixtures, type PrintFormat } from './fixtures.js';
import { freshVars } from '../../samples/sample-vars.js';

export interface SendSampleOptions extends CommonOptions {
  list?: boolean;
  all?: boolean;
  url?: string;
  text?: string;
  from?: string;
  name?: string;
  file?: string;
  replay?: string;
  count?: string;
  concurrency?: string;
  timeout?: string;
  unsigned?: boolean;
  badSignature?: boolean;
  out?: string;
  print?: string | boolean;
  seed?: string;
}

function pickTemplates(names: string[], all: boolean | undefined, templates: Template[]): Template[] {
  if (all) return templates;
  const byName = new Map(templates.map((t) => [t.name, t]));
  return (names.length ? names : ['text']).map((name) => {
    const template = byName.get(name);
    if (template) return template;
    const close = suggestNames(name, [...byName.keys()]);
    throw new UsageError(
      `unknown sample "${name}"${close.length ? ` — did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : ''}`,
      {
        hint: 'see every sample with `wa-hook send-sample --list`',
      },
    );
  });
}

function printList(out: Output, templates: Template[]): void {
  if (out.json) return out.data(templates.map(({ name, description }) => ({ name, description })));
  const width = Math.max(...templates.map((t) => t.name.length));
  for (const t of templates) out.result(`${t.name.padEnd(width)}  ${t.description}`);
}

interface FailureCause {
  label: string;
  hint?: string;
  count: number;
}

/** Groups failed verdicts by cause, first seen first. */
function groupFailures(failed: DeliveryVerdict[]): FailureCause[] {
  const causes = new Map<string, FailureCause>();
  for (const v of failed) {
    const entry = causes.get(v.cause ?? v.label);
    if (entry) entry.count += 1;
    else causes.set(v.cause ?? v.label, { label: v.label, hint: v.hint, count: 1 });
  }
  return [...causes.values()];
}

/** Prints every failure cause but the first, and throws the first as the verdict (exit 1). */
function failWith(out: Output, causes: FailureCause[], total: number, what: string): never {
  const failed = causes.reduce((n, c) => n + c.count, 0);
  const [first, ...rest] = causes;
  for (const c of rest) out.fail(`${c.count}× ${c.label}`, c.hint);
  throw new CheckFailedError(`${failed} of ${total} ${what} failed (${first!.count}× ${first!.label})`, {
    hint: first!.hint,
  });
}

export async function sendSample(opts: SendSampleOptions, ctx: Ctx, names: string[] = []): Promise<void> {
  const out = createOutput(ctx, Boolean(opts.json));
  if (opts.list) return printList(out, await loadTemplates());
  if (opts.out !== undefined || opts.print !== undefined) return makeFixtures(opts, ctx, names, out);

  const modes = [
    names.length > 0 || opts.all ? 'sample names / --all' : '',
    opts.file ? '--file' : '',
    opts.replay ? '--replay' : '',
  ].filter(Boolean);
  if (modes.length > 1) throw new UsageError(`choose one of ${modes.join(', ')}`);
  const count = positiveInt(opts.count ?? '1', '--count');
  const concurrency = positiveInt(opts.concurrency ?? '1', '--concurrency');
  const timeoutMs = positiveInt(opts.timeout ?? '10000', '--timeout');
  const templates = opts.file || opts.replay ? [] : pickTemplates(names, opts.all, await loadTemplates());
  if (count > 1 && (opts.file || opts.replay)) {
    throw new UsageError(
      '--count bursts one sample with fresh ids each time; it does not combine with --file or --replay',
    );
  }
  if (count > 1 && templates.length !== 1) {
    throw new UsageError('--count sends one sample many times: name exactly one sample', {
      hint: 'e.g. `wa-hook send-sample text --count 1000 --concurrency 50`',
    });
  }

  const config = await loadConfig(opts, ctx);
  const target = await resolveTarget(opts.url, config, ctx, 'local');
  const secret = config.values.appSecret;
  const signing: Signing = opts.unsigned ? 'unsigned' : opts.badSignature ? 'bad' : secret ? 'signed' : 'unsigned';
  const sign = makeSigner(signing, secret);
  const judge: DeliveryContext = {
    url: target.url,
    signing,
    maskedSecret: secret ? maskSecret(secret) : undefined,
    timeoutMs,
  };
  const ids = createIdFactory();
  const baseVars = varsFor(config, opts);
  const where = target.origin === 'state' ? ' (the running wa-hook up)' : '';
  const how =
    signing === 'signed'
      ? `signed with app secret ${maskSecret(secret)}`
      : signing === 'bad'
        ? 'with a deliberately wrong signature'
        : 'unsigned';

  // Build the plan first: a broken --file or a missing --replay record is a usage error before anything is said or sent.
  const plan: PlannedSend[] = opts.replay
    ? [await replaySend(ctx.cwd, opts.replay, signing)]
    : opts.file
      ? [await fileSend(ctx.cwd, opts.file, baseVars, ids)]
      : templates.map((t) => sampleSend(t, baseVars, ids));
  if (!secret && !opts.unsigned) {
    out.warn(
      'no app secret configured: sending without a valid X-Hub-Signature-256, so the receiver cannot check signatures',
      'set WHATSAPP_APP_SECRET in .env (App settings → Basic → App Secret) or pass --app-secret',
    );
  }
  const sender = createSender(target.url, { connections: Math.min(concurrency, count), timeoutMs });
  try {
    if (count > 1) {
      const template = templates[0]!;
      out.info(
        `→ ${template.name} ×${count} to ${target.url}${where}, ${Math.min(concurrency, count)} in flight, ${how}`,
      );
      const result = await runBurst({
        template,
        vars: freshVars(baseVars(template), ids),
        ids,
        sign,
        sender,
        count,
        concurrency,
        judge,
        signal: ctx.signal,
      });
      const { failures, ...summary } = result;
      out.data({ sample: template.name, url: target.url, count, concurrency, ...summary, failures });
      out.result(
        `sent ${result.sent}  ok ${result.ok}  failed ${result.failed}${result.interrupted ? `  (interrupted: ${count - result.sent} not sent)` : ''}`,
      );
      out.result(
        `${result.requestsPerSecond} req/s  p50 ${formatMs(result.latencyMs.p50)}  p99 ${formatMs(result.latencyMs.p99)}  max ${formatMs(result.latencyMs.max)}  (${formatMs(result.durationMs)} total)`,
      );
      // After Ctrl-C, requests aborted by the stop are not delivery failures.
      const real = result.interrupted ? failures.filter((f) => f.cause !== 'aborted') : failures;
      if (real.length > 0) failWith(out, real, result.sent, 'requests');
      if (result.interrupted)
        throw new WaHookError(`interrupted after ${result.sent} of ${count} requests`, { exitCode: 130 });
      return;
    }

    out.info(`Sending to ${target.url}${where}, ${how}`);
    await sendEach(plan, sender, sign, judge, out, ctx.signal);
  } finally {
    await sender.close().catch(() => undefined);
  }
}

/** `--out` / `--print`: the same bytes and headers a send would use, as files or text; nothing is sent. */
async function makeFixtures(opts: SendSampleOptions, ctx: Ctx, names: string[], out: Output): Promise<void> {
  // `--print text` reads "text" as the format: a value that is not a format is a sample name.
  let format: PrintFormat = 'http';
  if (typeof opts.print === 'string') {
    if (opts.print === 'http' || opts.print === 'curl') format = opts.print;
    else names = [opts.print, ...names];
  }
  if (opts.file || opts.replay) throw new UsageError('--out and --print work with sample names or --all');
  if (opts.out !== undefined && opts.print !== undefined) throw new UsageError('choose one of --out, --print');
  if (opts.count !== undefined && opts.count !== '1')
    throw new UsageError('--count sends; it does not combine with --out or --print');
  const seed = opts.seed === undefined ? undefined : positiveInt(opts.seed, '--seed', 0);
  const templates = pickTemplates(names, opts.all, await loadTemplates());
  const config = await loadConfig(opts, ctx);
  const secret = config.values.appSecret;
  const signing: Signing = opts.unsigned ? 'unsigned' : opts.badSignature ? 'bad' : secret ? 'signed' : 'unsigned';
  if (!secret && !opts.unsigned) {
    out.warn(
      'no app secret configured: the samples carry no X-Hub-Signature-256',
      'set WHATSAPP_APP_SECRET in .env or pass --app-secret (or --unsigned to say you mean it)',
    );
  }
  const run = {
    templates,
    baseVars: varsFor(config, opts),
    sign: makeSigner(signing, secret),
    signed: signing !== 'unsigned',
    seed,
  };
  if (opts.out !== undefined) return writeFixtures(ctx.cwd, opts.out, run, out);
  const target = await resolveTarget(opts.url, config, ctx, 'local');
  printFixture(target.url, format, run, out);
}

async function sendEach(
  plan: PlannedSend[],
  sender: Sender,
  sign: (b: Buffer) => string | undefined,
  judge: DeliveryContext,
  out: Output,
  signal: AbortSignal,
): Promise<void> {
  const onAbort = () => void sender.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  const results: Array<Record<string, unknown>> = [];
  const failed: DeliveryVerdict[] = [];
  try {
    for (const item of plan) {
      if (signal.aborted) break;
      const { body, wamid } = item.build();
      const result = await sender.send(body, sign(body), true, true);
      const verdict = judgeDelivery(result, judge);
      results.push({
        name: item.label,
        ok: verdict.ok,
        status: result.status,
        error: result.errorCode,
        ms: Math.round(result.ms * 100) / 100,
        bytes: body.length,
        wamid,
      });
      out.result(`→ ${item.label} ${verdict.label} ${formatMs(result.ms)}`);
      if (!verdict.ok) {
        failed.push(verdict);
        const said = result.body?.trim().split('\n')[0]?.slice(0, 200);
        if (said) out.info(`  receiver said: ${said}`);
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  out.data({
    url: judge.url,
    signing: judge.signing,
    ok: failed.length === 0 && results.length === plan.length,
    results,
  });
  if (failed.length) failWith(out, groupFailures(failed), plan.length, plan.length === 1 ? 'delivery' : 'deliveries');
  if (results.length < plan.length)
    throw new WaHookError(`interrupted after ${results.length} of ${plan.length} sends`, { exitCode: 130 });
  if (plan.length > 1) out.ok(`all ${plan.length} accepted`);
}
