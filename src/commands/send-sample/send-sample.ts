/**
 * `wa-hook send-sample`: Meta-faithful, correctly signed sample events (or a hand-written payload, or
 * a recorded one replayed byte for byte) sent to the callback, with a verdict per request.
 */
import { withRunningLocalIdentity } from '../up/local.js';
import type { Ctx } from '../../context.js';
import { createOutput, type Output } from '../../ui/output-io.js';
import { aimsAtUp, commonOptions, loadConfig, resolveTarget, type CommonOptions } from '../common.js';
import { parsedCommand, readOptions, type RawOptions } from '../options.js';
import { secretFingerprint } from '../../verification/signature.js';
import { UsageError, WaHookError } from '../../errors.js';
import { applyApiVersion, templateField, type Template } from '../../samples/render.js';
import type { Scenario } from '../../samples/scenario.js';
import { createIdFactory } from '../../samples/ids.js';
import { maskSecret } from '../../config/redact.js';
import { suggestNames } from '../../ui/did-you-mean.js';
import {
  judgeDelivery,
  formatMs,
  type DeliveryContext,
  type DeliveryVerdict,
} from '../../samples/send/send-verdict.js';
import { loadScenarios, loadTemplates } from '../../samples/templates-io.js';
import { createSender, type Sender } from '../../samples/send/sender-io.js';
import { fileSend, makeSigner, replaySend, sampleSend, varsFor, type PlannedSend, type Signing } from './plan.js';
import { runBurst } from './burst.js';
import { probeHeaders } from '../../events/probe.js';
import { failWith, groupFailures } from './failures.js';
import { pickScenario, resolveApiVersion, sendScenario } from './scenario.js';
import { printFixture, writeFixtures, type PrintFormat } from './fixtures.js';
import { freshVars } from '../../samples/sample-vars.js';
import { SLOW_ACK_HINT, SLOW_ACK_MS } from '../../events/ack-time.js';

export interface SendSampleOptions extends CommonOptions {
  list?: boolean;
  all?: boolean;
  url?: string;
  text?: string;
  from?: string;
  name?: string;
  file?: string;
  replay?: string;
  count: number;
  concurrency: number;
  timeoutMs: number;
  slowMs: number;
  unsigned?: boolean;
  badSignature?: boolean;
  scenario?: string;
  apiVersion?: string;
  out?: string;
  print?: string | boolean;
  seed?: number;
}

const SEND_SAMPLE_SPEC = {
  text: ['url', 'text', 'from', 'name', 'file', 'replay', 'scenario', 'apiVersion', 'out'],
  flag: ['list', 'all', 'unsigned', 'badSignature'],
  textOrFlag: ['print'],
  count: ['count', 'concurrency', 'timeout', 'slowMs'],
  zeroOrMore: ['seed'],
} as const;

export function sendSampleOptions(raw: RawOptions): SendSampleOptions {
  const { count, concurrency, timeout, slowMs, ...own } = readOptions(raw, SEND_SAMPLE_SPEC);
  return {
    ...commonOptions(raw),
    ...own,
    count: count ?? 1,
    concurrency: concurrency ?? 1,
    timeoutMs: timeout ?? 10_000,
    slowMs: slowMs ?? SLOW_ACK_MS,
  };
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

/** The list grouped by webhook field (in folder order), one heading per field. */
function printList(out: Output, templates: Template[], scenarios: Scenario[]): void {
  if (out.json) {
    return out.data(
      templates.map((t) => ({ name: t.name, field: templateField(t), description: t.description, source: t.source })),
    );
  }
  const byField = new Map<string, Template[]>();
  for (const t of templates) {
    const field = templateField(t);
    byField.set(field, [...(byField.get(field) ?? []), t]);
  }
  const width = Math.max(...templates.map((t) => t.name.length));
  let first = true;
  for (const [field, group] of byField) {
    if (!first) out.result('');
    first = false;
    out.result(`${field} (${group.length})`);
    for (const t of group) out.result(`  ${t.name.padEnd(width)}  ${t.description}`);
  }
  if (scenarios.length === 0) return;
  out.result('');
  out.result(`scenarios (--scenario NAME) (${scenarios.length})`);
  for (const s of scenarios) out.result(`  ${s.name.padEnd(width)}  ${s.description}`);
}

export async function sendSample(opts: SendSampleOptions, ctx: Ctx, names: string[] = []): Promise<void> {
  const out = createOutput(ctx, Boolean(opts.json));
  if (opts.list) {
    const all = await loadTemplates();
    return printList(out, all, await loadScenarios(new Set(all.map((t) => t.name))));
  }
  if (opts.out !== undefined || opts.print !== undefined) return makeFixtures(opts, ctx, names, out);

  const modes = [
    names.length > 0 || opts.all ? 'sample names / --all' : '',
    opts.file ? '--file' : '',
    opts.replay ? '--replay' : '',
    opts.scenario ? '--scenario' : '',
  ].filter(Boolean);
  if (modes.length > 1) throw new UsageError(`choose one of ${modes.join(', ')}`);
  const { count, concurrency, timeoutMs, slowMs } = opts;
  const library = await loadTemplates();
  const scenario = opts.scenario ? await pickScenario(opts.scenario, library) : undefined;
  const picked = opts.file || opts.replay || scenario ? [] : pickTemplates(names, opts.all, library);
  if (count > 1 && (opts.file || opts.replay || scenario)) {
    throw new UsageError(
      '--count bursts one sample with fresh ids each time; it does not combine with --file, --replay or --scenario',
    );
  }
  if (count > 1 && picked.length !== 1) {
    throw new UsageError('--count sends one sample many times: name exactly one sample', {
      hint: 'e.g. `wa-hook send-sample text --count 1000 --concurrency 50`',
    });
  }

  const config = await withRunningLocalIdentity(await loadConfig(opts, ctx), ctx.cwd);
  const apiVersion = resolveApiVersion(opts.apiVersion, config.values.graphUrl);
  const templates = picked.map((t) => applyApiVersion(t, apiVersion));
  const target = await resolveTarget(opts.url, config, ctx, 'local');
  const secret = config.values.appSecret;
  const signing: Signing = opts.unsigned ? 'unsigned' : opts.badSignature ? 'bad' : secret ? 'signed' : 'unsigned';
  const sign = makeSigner(signing, secret);
  const upState = aimsAtUp(target) ? target.state : undefined;
  const upPrint = upState?.appSecretFingerprint;
  const judge: DeliveryContext = {
    url: target.url,
    signing,
    // `--replay ID --unsigned` resends recorded bytes as received: a delivery, not a negative test.
    negative: Boolean(opts.badSignature || (opts.unsigned && !opts.replay)),
    maskedSecret: secret ? maskSecret(secret) : undefined,
    timeoutMs,
    slowMs,
    ...(upState
      ? {
          runningUp: {
            forwardTo: upState.forwardTo,
            secret: !upPrint ? 'none' : secret && secretFingerprint(secret) === upPrint ? 'same' : 'other',
            secretFromFlag: config.sources.appSecret === 'flag',
          },
        }
      : {}),
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
    ? [await replaySend(ctx.cwd, opts.replay, signing, secret)]
    : opts.file
      ? [await fileSend(ctx.cwd, opts.file, baseVars, ids)]
      : templates.map((t) => sampleSend(t, baseVars, ids));
  // Aimed at the running up (not forwarding: then the backend checks): signing with another secret than it
  // checks with only proves the mismatch, and one that checks none cannot tell a forged event from a real one.
  const upChecks = upState && !upState.forwardTo;
  if (upChecks && secret && signing === 'signed' && upPrint && secretFingerprint(secret) !== upPrint) {
    out.warn(
      `the running \`wa-hook up\` checks signatures with another App Secret than ${maskSecret(secret)} ` +
        `(${config.sources.appSecret === 'flag' ? '--app-secret' : 'WHATSAPP_APP_SECRET'}): expect 401`,
      'restart `wa-hook up` (it started before .env had this secret, or with another --app-secret)',
    );
  }
  if (upChecks && secret && signing === 'signed' && !upPrint) {
    out.warn(
      'the running `wa-hook up` does not check signatures: it started without an App Secret',
      'restart `wa-hook up` (it started before .env had the secret) so it checks X-Hub-Signature-256 as your bot must',
    );
  }
  if (!secret && !opts.unsigned) {
    out.warn(
      'no app secret configured: sending without a valid X-Hub-Signature-256, so the receiver cannot check signatures',
      'set WHATSAPP_APP_SECRET in .env (App settings → Basic → App Secret) or pass --app-secret',
    );
  }
  const probeKind = opts.badSignature
    ? 'bad-signature'
    : opts.replay
      ? 'replay'
      : opts.unsigned
        ? 'unsigned'
        : 'sample';
  const sender = createSender(target.url, {
    connections: Math.min(concurrency, count),
    timeoutMs,
    headers: probeHeaders('send-sample', probeKind),
  });
  try {
    if (scenario) {
      const versioned = new Map(library.map((t) => [t.name, applyApiVersion(t, apiVersion)]));
      out.info(
        `▶ scenario ${scenario.name} to ${target.url}${where}, ${how}, Graph API v${apiVersion.toFixed(1)} shapes`,
      );
      out.info(`  ${out.theme.dim(scenario.description)}`);
      return await sendScenario({
        scenario,
        templates: versioned,
        baseVars,
        ids,
        sender,
        sign,
        judge,
        out,
        signal: ctx.signal,
        apiVersion,
      });
    }
    // A burst names exactly one sample (checked above).
    const [template] = templates;
    if (count > 1 && template) {
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
        `${result.requestsPerSecond} req/s  p50 ${formatMs(result.latencyMs.p50)}  p99 ${formatMs(result.latencyMs.p99)} ` +
          ` max ${formatMs(result.latencyMs.max)}  (${formatMs(result.durationMs)} total)`,
      );
      // After Ctrl-C, requests aborted by the stop are not delivery failures.
      const real = result.interrupted ? failures.filter((f) => f.cause !== 'aborted') : failures;
      if (result.slow > 0)
        out.warn(`${result.slow} of ${result.ok} accepted request(s) took longer than ${slowMs} ms`, SLOW_ACK_HINT);
      if (real.length > 0) failWith(out, real, result.sent, 'requests');
      if (result.interrupted)
        throw new WaHookError(`interrupted after ${result.sent} of ${count} requests`, { exitCode: 130 });
      return;
    }

    out.info(
      `Sending to ${target.url}${where}, ${how}${opts.apiVersion ? `, Graph API v${apiVersion.toFixed(1)} shapes` : ''}`,
    );
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
  if (opts.count !== 1) throw new UsageError('--count sends; it does not combine with --out or --print');
  const picked = pickTemplates(names, opts.all, await loadTemplates());
  const config = await withRunningLocalIdentity(await loadConfig(opts, ctx), ctx.cwd);
  const apiVersion = resolveApiVersion(opts.apiVersion, config.values.graphUrl);
  const templates = picked.map((t) => applyApiVersion(t, apiVersion));
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
    seed: opts.seed,
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
      const result = await sender.send(body, sign(body), true);
      const verdict = judgeDelivery(result, judge);
      results.push({
        name: item.label,
        ok: verdict.ok,
        status: result.status,
        error: result.errorCode,
        ms: Math.round(result.ms * 100) / 100,
        // Accepted, but slower than --slow-ms: Meta may time out on it and send it again.
        slow: Boolean(verdict.slow),
        bytes: body.length,
        wamid,
      });
      const slow = verdict.ok ? verdict.slow : undefined;
      out.result(`→ ${item.label} ${verdict.label} ${formatMs(result.ms)}${slow ? ' (slow)' : ''}`);
      if (slow) out.warn(slow.message, slow.hint);
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
    slowMs: judge.slowMs,
    results,
  });
  if (failed.length) failWith(out, groupFailures(failed), plan.length, plan.length === 1 ? 'delivery' : 'deliveries');
  if (results.length < plan.length)
    throw new WaHookError(`interrupted after ${results.length} of ${plan.length} sends`, { exitCode: 130 });
  if (plan.length > 1)
    out.ok(judge.negative ? `all ${plan.length} refused, as they should be` : `all ${plan.length} accepted`);
}

export const sendSampleCommand = parsedCommand(sendSampleOptions, sendSample);
