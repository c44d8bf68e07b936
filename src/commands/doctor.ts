import type { Ctx } from '../context.js';
import { commonOptions, loadConfig, type CommonOptions } from './common.js';
import { parsedCommand, readOptions, type RawOptions } from './options.js';
import { createOutput, type Output } from '../ui/output-io.js';
import { diagnose, hasFailure, countByStatus, type DoctorFacts, type Finding } from '../doctor/diagnose.js';
import { checkVerifyToken } from '../config/secret-shapes.js';
import { CheckFailedError, UsageError } from '../errors.js';
import { chooseVerifyToken } from '../state/up-token.js';
import { sameUrl } from '../doctor/rules/helpers.js';

export interface DoctorOptions extends CommonOptions {
  url?: string;
  offline?: boolean;
  fix?: boolean;
  yes?: boolean;
}

export function doctorOptions(raw: RawOptions): DoctorOptions {
  return { ...commonOptions(raw), ...readOptions(raw, { text: ['url'], flag: ['offline', 'fix', 'yes'] }) };
}

interface FixAction {
  label: string;
  run(): Promise<{ ok: true; detail: string } | { ok: false; error: string }>;
}

const APP_SUBSCRIPTION_IDS = new Set(['meta.app-subscription', 'meta.callback-url', 'meta.messages-field']);

/** The safe Graph API changes that would turn the failed findings green. */
async function planFixes(
  findings: Finding[],
  facts: DoctorFacts,
  ctx: Ctx,
): Promise<{ actions: FixAction[]; blocked: string[] }> {
  const { registerCallback, subscribeAppToWaba } = await import('../graph/meta-setup-io.js');
  const failed = new Set(findings.filter((f) => f.status === 'fail').map((f) => f.id));
  const config = facts.config.values;
  const actions: FixAction[] = [];
  const blocked: string[] = [];
  if (failed.has('meta.waba-subscribed')) {
    actions.push({
      label: `subscribe app ${config.appId ?? '(of the token)'} to WABA ${config.wabaId} (POST /${config.wabaId}/subscribed_apps)`,
      run: () => subscribeAppToWaba({ config, env: ctx.env, signal: ctx.signal }),
    });
  }
  if ([...APP_SUBSCRIPTION_IDS].some((id) => failed.has(id))) {
    const callbackUrl = facts.config.urlFlag ?? facts.up?.callbackUrl;
    // Meta verifies the URL against whatever answers there: for the running up, the token it answers with.
    const verifyToken = chooseVerifyToken(
      { value: config.verifyToken, source: facts.config.sources.verifyToken },
      facts.up,
      !facts.config.urlFlag || sameUrl(facts.config.urlFlag, facts.up?.callbackUrl),
    ).token;
    if (!callbackUrl) blocked.push('the app webhook needs a public callback URL: start `wa-hook up` or pass --url');
    else if (!verifyToken) blocked.push('the app webhook needs a verify token: run `wa-hook init`');
    else if (checkVerifyToken(verifyToken).some((p) => p.severity === 'fail'))
      blocked.push('fix the verify token first (`wa-hook init`): registering it would keep the mistake');
    else {
      actions.push({
        label: `set the app's WhatsApp webhook to ${callbackUrl} with field messages (POST /${config.appId}/subscriptions; Meta verifies the URL first)`,
        run: () => registerCallback({ config, env: ctx.env, signal: ctx.signal, callbackUrl, verifyToken }),
      });
    }
  }
  return { actions, blocked };
}

async function runFixes(actions: FixAction[], out: Output): Promise<void> {
  for (const action of actions) {
    const result = await action.run();
    if (result.ok) out.ok(`fixed: ${result.detail}`);
    else out.fail(`could not ${action.label.split(' (')[0]}: ${result.error}`);
  }
}

export async function doctor(opts: DoctorOptions, ctx: Ctx): Promise<void> {
  const out = createOutput(ctx, Boolean(opts.json));
  if (opts.fix && opts.offline) throw new UsageError('--fix needs the Graph API; it cannot be combined with --offline');
  if (opts.fix && !opts.yes && !ctx.interactive) {
    throw new UsageError('--fix changes your Meta app and needs confirmation', {
      hint: 'run it in a terminal to be asked, or add --yes',
    });
  }
  const config = await loadConfig(opts, ctx);
  const [{ gatherFacts }, { renderFindings }] = await Promise.all([
    import('../doctor/gather-facts-io.js'),
    import('../ui/findings.js'),
  ]);
  const gather = () => gatherFacts({ config, ctx, urlFlag: opts.url, offline: Boolean(opts.offline) });
  out.info('Checking configuration, receiver, public URL and Meta setup…');
  let facts = await gather();
  let findings = diagnose(facts);

  if (opts.fix) {
    const { actions, blocked } = await planFixes(findings, facts, ctx);
    for (const reason of blocked) out.warn(`cannot fix automatically: ${reason}`);
    if (actions.length === 0) {
      out.info(
        hasFailure(findings)
          ? 'Nothing doctor --fix can change through the Graph API; see the fixes below.'
          : 'Nothing to fix.',
      );
    } else {
      for (const a of actions) out.info(`  • ${a.label}`);
      const { askConfirm } = await import('../ui/prompts-io.js');
      const go = opts.yes
        ? true
        : await askConfirm(
            ctx,
            `Apply ${actions.length === 1 ? 'this change' : `these ${actions.length} changes`} to your Meta app?`,
            true,
          );
      if (go) {
        await runFixes(actions, out);
        facts = await gather();
        findings = diagnose(facts);
      } else out.info('No changes made.');
    }
  }

  if (out.json) out.data(findings);
  else for (const line of renderFindings(findings, out.theme)) out.result(line);
  if (hasFailure(findings)) {
    const n = countByStatus(findings).fail || findings.filter((f) => f.status === 'fail').length;
    throw new CheckFailedError(`${n} check${n === 1 ? '' : 's'} failed`, {
      hint: 'apply the → fixes above, then run `wa-hook doctor` again',
    });
  }
}

export const doctorCommand = parsedCommand(doctorOptions, doctor);
