import type { Ctx } from '../context.js';
import { aimsAtUp, commonOptions, loadConfig, resolveTarget, type CommonOptions } from './common.js';
import { parsedCommand, readOptions, type RawOptions } from './options.js';
import { chooseVerifyToken, TOKEN_MISMATCH_FIX } from '../state/up-token.js';
import { createOutput } from '../ui/output-io.js';
import { CheckFailedError, UsageError } from '../errors.js';
import { redactSecrets } from '../config/redact.js';
import { displayVerificationUrl } from '../verification/judge.js';
import type { Finding } from '../verification/judge.js';
import { makeChallenge, probeVerification } from '../verification/probe-io.js';

export interface VerifyOptions extends CommonOptions {
  url?: string;
  timeoutMs: number;
}

export function verifyOptions(raw: RawOptions): VerifyOptions {
  const { timeout, ...own } = readOptions(raw, { text: ['url'], count: ['timeout'] });
  return { ...commonOptions(raw), ...own, timeoutMs: timeout ?? 10_000 };
}

const ORIGIN_NOTE = {
  flag: '',
  state: ' (the running wa-hook up)',
  default: ' (default local URL; no wa-hook up running)',
} as const;

/** `wa-hook verify`: Meta's verification GET against a callback URL, judged as Meta would. Exit 0 pass, 1 fail. */
export async function verify(opts: VerifyOptions, ctx: Ctx): Promise<void> {
  const output = createOutput(ctx, Boolean(opts.json));
  const config = await loadConfig(opts, ctx);
  const target = await resolveTarget(opts.url, config, ctx, 'public');
  if (!/^https?:$/.test(new URL(target.url).protocol)) {
    throw new UsageError(`--url must be an http:// or https:// URL: ${target.url}`);
  }
  // Aimed at the running `up`: the token it answers with, whatever .env says now (an explicit flag still wins).
  const choice = chooseVerifyToken(
    { value: config.values.verifyToken, source: config.sources.verifyToken },
    target.state,
    aimsAtUp(target),
  );
  const token = choice.token;
  if (!token) {
    throw new UsageError('no verify token to send as hub.verify_token', {
      hint: 'set WHATSAPP_VERIFY_TOKEN in .env (run `wa-hook init` to create one), or pass --verify-token',
    });
  }

  if (choice.mismatch) output.warn(choice.mismatch, TOKEN_MISMATCH_FIX);
  const challenge = makeChallenge();
  output.info(`GET ${displayVerificationUrl(target.url, challenge, token)}${ORIGIN_NOTE[target.origin]}`);
  const result = await probeVerification({
    url: target.url,
    verifyToken: token,
    timeoutMs: opts.timeoutMs,
    signal: ctx.signal,
    challenge,
    probe: 'verify',
    ...(aimsAtUp(target) ? { runningUp: { forwardTo: target.state?.forwardTo } } : {}),
  });
  // Receivers sometimes echo the query back in error pages: never let the token through in full.
  const clean = (text: string) => redactSecrets(text, [token]);
  const cleanHint = (text: string | undefined) => (text === undefined ? undefined : clean(text));
  const cleanFinding = (f: Finding) => ({ cause: f.cause, message: clean(f.message), hint: cleanHint(f.hint) ?? null });
  const { verdict } = result;

  if (output.json) {
    output.data({
      ok: verdict.ok,
      url: result.displayUrl,
      status: result.status,
      ms: result.ms,
      ...cleanFinding(verdict),
      wrongToken: {
        accepted: result.wrongToken.accepted,
        refused: result.wrongToken.refused,
        status: result.wrongToken.status,
      },
      warnings: verdict.warnings.map(cleanFinding),
    });
  } else {
    // The verdict is the result (stdout, for `wa-hook verify | grep`); hints and warnings are talk (stderr).
    const t = output.theme;
    if (verdict.ok) {
      output.result(`${t.green('✔')} ${clean(verdict.message)}`);
      if (verdict.hint) output.info(`  → ${clean(verdict.hint)}`);
      if (result.wrongToken.refused) {
        output.result(`${t.green('✔')} a wrong verify token is refused (${result.wrongToken.status})`);
      }
    } else output.result(`${t.red('✖')} ${clean(verdict.message)}`);
    for (const warning of verdict.warnings) output.warn(clean(warning.message), cleanHint(warning.hint));
  }
  if (!verdict.ok)
    throw new CheckFailedError(clean(verdict.message), { hint: cleanHint(verdict.hint), shown: !output.json });
}

export const verifyCommand = parsedCommand(verifyOptions, verify);
