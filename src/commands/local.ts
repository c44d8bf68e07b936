/**
 * `wa-hook local clock|fail|templates`: steer the running `up --local` (found like `verify` finds `up`, through
 * .wa-hook/state.json) over its guarded control routes; templates also work on the registry file without it.
 */
import type { Ctx } from '../context.js';
import { UsageError, WaHookError } from '../errors.js';
import { readState } from '../state/state-file-io.js';
import { createOutput, type Output } from '../ui/output-io.js';
import { commonOptions, loadConfig, type CommonOptions } from './common.js';
import { parsedCommand, readOptions, type RawOptions } from './options.js';
import { controlCall, type ControlAnswer } from '../local-meta/control/client-io.js';
import { formatShift, parseClockShift } from '../local-meta/clock.js';
import { isKnownCode } from '../local-meta/rules/meta-errors.js';
import { loadTemplateRegistry, saveTemplateRegistry, templatesPath } from '../local-meta/template-registry-io.js';
import { TEMPLATE_STATUSES, type TemplateDef } from '../local-meta/rules/types.js';
import { isTemplatePage } from '../graph/shapes.js';
import { errorMessage } from '../errors-narrow.js';
import { recordOr, recordsIn } from '../json-narrow.js';

export interface LocalOptions extends CommonOptions {
  next?: number;
  to?: string;
  every?: number;
  subcode?: number;
  list?: boolean;
  clear?: boolean;
  language?: string;
}

export function localOptions(raw: RawOptions): LocalOptions {
  const spec = { text: ['to', 'language'], flag: ['list', 'clear'], count: ['next', 'every', 'subcode'] } as const;
  return { ...commonOptions(raw), ...readOptions(raw, spec) };
}

interface Running {
  graphUrl: string;
  token: string;
}

async function running(ctx: Ctx): Promise<Running | undefined> {
  const state = await readState(ctx.cwd);
  if (state?.localGraphUrl && state.localControlToken)
    return { graphUrl: state.localGraphUrl, token: state.localControlToken };
  return undefined;
}

async function requireRunning(ctx: Ctx): Promise<Running> {
  const target = await running(ctx);
  if (target) return target;
  throw new UsageError(`no \`wa-hook up --local\` is running in ${ctx.cwd}`, {
    hint: 'start it first (`wa-hook up --local`), from this folder',
  });
}

async function call(
  target: Running,
  method: 'GET' | 'POST' | 'DELETE',
  route: string,
  body?: unknown,
): Promise<ControlAnswer> {
  const answer = await controlCall(target.graphUrl, target.token, method, route, body).catch((error: unknown) => {
    throw new WaHookError(`cannot reach local WhatsApp at ${target.graphUrl}: ${errorMessage(error)}`, {
      hint: 'is `wa-hook up --local` still running?',
    });
  });
  if (answer.status >= 400 && answer.status !== 404)
    throw new WaHookError(`local WhatsApp refused: ${JSON.stringify(answer.json.error ?? answer.status)}`);
  return answer;
}

async function clock(args: string[], out: Output, ctx: Ctx): Promise<void> {
  const target = await requireRunning(ctx);
  const [shift] = args;
  let answer: ControlAnswer;
  if (shift === undefined) answer = await call(target, 'GET', 'clock');
  else {
    const ms = parseClockShift(shift);
    if (ms === undefined)
      throw new UsageError(`"${shift}" is not a clock shift`, { hint: 'e.g. +25h, +30m, +1d, -2h' });
    answer = await call(target, 'POST', 'clock', { advanceMs: ms });
  }
  out.data({ type: 'clock', ...answer.json });
  const offset = Number(answer.json.offsetMs);
  out.result(
    `local clock ${offset === 0 ? 'is real time' : `is ${formatShift(offset)} ahead`}: ${String(answer.json.now)}`,
  );
  if (offset >= 24 * 3_600_000)
    out.info(
      out.theme.dim(
        'customers who wrote more than 24 h ago (local time) are outside the window: only templates reach them',
      ),
    );
}

async function fail(args: string[], opts: LocalOptions, out: Output, ctx: Ctx): Promise<void> {
  const target = await requireRunning(ctx);
  if (opts.clear) {
    const answer = await call(target, 'DELETE', 'faults');
    out.data({ type: 'faults-cleared', cleared: answer.json.cleared });
    out.result(`cleared ${String(answer.json.cleared)} fault rule(s)`);
    return;
  }
  if (opts.list || args.length === 0) {
    const answer = await call(target, 'GET', 'faults');
    const faults = recordsIn(answer.json.faults);
    out.data({ type: 'faults', faults });
    if (faults.length === 0) out.result('no fault rules: every send behaves');
    for (const f of faults)
      out.result(
        `#${String(f.id)}  ${String(f.code)}${typeof f.subcode === 'number' ? `/${f.subcode}` : ''} ` +
          ` ${String(f.description)}  (failed ${String(f.hits)} so far)`,
      );
    return;
  }
  const code = Number(args[0]);
  if (!Number.isSafeInteger(code) || !isKnownCode(code))
    throw new UsageError(`${args[0]} is not an error code local WhatsApp knows`, {
      hint: 'e.g. 131047, 131026, 130429, 131056, 133010, 190, 463, 131000 (see the README, Local WhatsApp → Faults)',
    });
  const modes = [opts.next, opts.to, opts.every].filter((m) => m !== undefined);
  if (modes.length > 1) throw new UsageError('give one of --next, --to, --every');
  const body: Record<string, unknown> = { code };
  if (opts.to !== undefined) body.to = opts.to;
  else if (opts.every !== undefined) body.every = opts.every;
  else body.next = opts.next ?? 1;
  if (opts.subcode !== undefined) body.subcode = opts.subcode;
  const answer = await call(target, 'POST', 'faults', body);
  const fault = recordOr(answer.json.fault);
  out.data({ type: 'fault', ...fault });
  out.result(`fault #${String(fault.id)}: ${code} on the ${String(fault.description)}`);
}

async function runningTemplates(target: Running): Promise<TemplateDef[]> {
  const answer = await call(target, 'GET', 'templates');
  if (!isTemplatePage(answer.json))
    throw new WaHookError('local WhatsApp answered its template list in an unknown shape', {
      hint: 'is the running `wa-hook up --local` of another wa-hook version? Restart it',
    });
  return answer.json.data;
}

function templateLine(t: TemplateDef): string {
  return `${t.name.padEnd(28)} ${t.language.padEnd(6)} ${t.category.padEnd(15)} ${t.status}`;
}

async function templates(args: string[], opts: LocalOptions, out: Output, ctx: Ctx): Promise<void> {
  const [action = 'list', name, status] = args;
  const target = await running(ctx);
  if (action === 'list') {
    const list = target ? await runningTemplates(target) : await loadTemplateRegistry(ctx.cwd);
    out.data({ type: 'templates', data: list });
    for (const t of list) out.result(templateLine(t));
    return;
  }
  if (action === 'status') {
    const wanted = TEMPLATE_STATUSES.find((s) => s === (status ?? '').toUpperCase());
    if (!name || !wanted)
      throw new UsageError('`wa-hook local templates status NAME STATUS`', {
        hint: 'STATUS is APPROVED, PENDING, REJECTED, PAUSED (sends fail 132015) or DISABLED (132016)',
      });
    let changed: number;
    if (target)
      changed = Number(
        (
          await call(target, 'POST', 'templates/status', {
            name,
            status: wanted,
            ...(opts.language ? { language: opts.language } : {}),
          })
        ).json.changed,
      );
    else {
      const list = await loadTemplateRegistry(ctx.cwd);
      changed = 0;
      for (const t of list)
        if (t.name === name && (!opts.language || t.language === opts.language)) {
          t.status = wanted;
          changed += 1;
        }
      if (changed) await saveTemplateRegistry(ctx.cwd, list);
    }
    if (!changed)
      throw new UsageError(`no template named ${name} in ${templatesPath(ctx.cwd)}`, {
        hint: 'see `wa-hook local templates`',
      });
    out.data({ type: 'template-status', name, status: wanted, changed });
    out.result(`${name}: ${wanted} (${changed} language${changed === 1 ? '' : 's'})`);
    return;
  }
  if (action === 'pull') return pull(opts, out, ctx, target);
  throw new UsageError(`unknown templates action "${action}"`, { hint: 'use list, status NAME STATUS, or pull' });
}

/** Copies the WABA's real templates into the registry (read-only on Meta's side: only GETs). */
async function pull(opts: LocalOptions, out: Output, ctx: Ctx, target: Running | undefined): Promise<void> {
  const config = await loadConfig(opts, ctx);
  const { accessToken, wabaId } = config.values;
  if (!accessToken || !wabaId)
    throw new UsageError('pulling templates needs WHATSAPP_ACCESS_TOKEN and WHATSAPP_BUSINESS_ACCOUNT_ID', {
      hint: 'set them in .env (`wa-hook init`) or pass --access-token and --waba-id',
    });
  const { graphClientFor } = await import('../graph/client-io.js');
  const { isTemplatePage } = await import('../graph/shapes.js');
  const graph = graphClientFor(config.values, { env: ctx.env, signal: ctx.signal });
  const pulled: TemplateDef[] = [];
  try {
    let after: string | undefined;
    for (let page = 0; page < 20; page++) {
      const res = await graph.call('GET', `${encodeURIComponent(wabaId)}/message_templates`, {
        token: accessToken,
        query: { limit: '100', ...(after ? { after } : {}) },
        shape: isTemplatePage,
      });
      if (!res.ok) {
        const { describeGraphFailure } = await import('../graph/types.js');
        throw new WaHookError(`cannot read the templates of WABA ${wabaId}: ${describeGraphFailure(res.error)}`);
      }
      pulled.push(...res.data.data);
      after = res.data.paging?.next ? res.data.paging.cursors?.after : undefined;
      if (!after) break;
    }
  } finally {
    await graph.close();
  }
  const list = await loadTemplateRegistry(ctx.cwd);
  const key = (t: TemplateDef) => `${t.name}\u0000${t.language}`;
  const byKey = new Map(list.map((t) => [key(t), t]));
  for (const t of pulled) byKey.set(key(t), t);
  await saveTemplateRegistry(ctx.cwd, [...byKey.values()]);
  if (target) await call(target, 'POST', 'templates/reload');
  out.data({ type: 'templates-pulled', count: pulled.length, path: templatesPath(ctx.cwd) });
  out.result(`pulled ${pulled.length} template(s) from WABA ${wabaId} into ${templatesPath(ctx.cwd)}`);
}

export async function local(opts: LocalOptions, ctx: Ctx, args: string[] = []): Promise<void> {
  const out = createOutput(ctx, Boolean(opts.json));
  const [what, ...rest] = args;
  if (what === 'clock') return clock(rest, out, ctx);
  if (what === 'fail') return fail(rest, opts, out, ctx);
  if (what === 'templates') return templates(rest, opts, out, ctx);
  throw new UsageError(`unknown local action "${what ?? ''}"`, { hint: 'use `wa-hook local clock|fail|templates`' });
}

export const localCommand = parsedCommand(localOptions, local);
