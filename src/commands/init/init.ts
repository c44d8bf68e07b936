import { homedir } from 'node:os';
import { relative, resolve } from 'node:path';
import { secretFileProtection, WINDOWS_PROTECTION_HINT, type FileProtection } from '../../platform/file-protection.js';
import { encodingLabel } from '../../config/env-encoding.js';
import { chooseEnvFile } from '../../config/env-file-choice.js';
import type { Ctx } from '../../context.js';
import { commonOptions, type CommonOptions } from '../common.js';
import { parsedCommand, readOptions, type RawOptions } from '../options.js';
import { createOutput } from '../../ui/output-io.js';
import { CONFIG_KEYS, ENV_NAMES, normalizePath, parsePort, type ConfigKey } from '../../config/resolve.js';
import { checkVerifyToken, generateVerifyToken } from '../../config/secret-shapes.js';
import { maskSecret } from '../../config/redact.js';
import { UsageError } from '../../errors.js';
import { blockingProblem, cleanAnswer, INIT_FIELDS } from './fields.js';

export interface InitOptions extends CommonOptions {
  yes?: boolean;
}

export function initOptions(raw: RawOptions): InitOptions {
  return { ...commonOptions(raw), ...readOptions(raw, { flag: ['yes'] }) };
}

type Values = Partial<Record<ConfigKey, string>>;

const COMMENTS: Partial<Record<string, string>> = {
  WHATSAPP_VERIFY_TOKEN: 'Random string you choose; paste the same in WhatsApp → Configuration → Verify token',
  WHATSAPP_APP_SECRET: 'App settings → Basic → App secret (key of X-Hub-Signature-256)',
  WHATSAPP_ACCESS_TOKEN: 'Graph API token (system-user tokens do not expire)',
};

function fromFlagsOrEnv(opts: InitOptions, ctx: Ctx, key: ConfigKey): string | undefined {
  const flag = opts[key];
  if (flag !== undefined && flag !== '') return flag;
  const env = ctx.env[ENV_NAMES[key]];
  return env === undefined || env === '' ? undefined : env;
}

/** Creates or updates .env: a strong verify token, validated secrets and ids, everything else kept. */
export async function init(opts: InitOptions, ctx: Ctx): Promise<void> {
  const out = createOutput(ctx, Boolean(opts.json));
  if (!opts.yes && !ctx.interactive) {
    throw new UsageError('`wa-hook init` asks questions and needs a terminal', {
      hint: 'pass --yes to take the values from flags and the environment',
    });
  }
  const { readEnvText, writeEnvFile, ensureGitignored } = await import('../../config/env-file-io.js');
  const { parse } = await import('dotenv');
  const choice = chooseEnvFile(opts, ctx.env);
  if (choice.warning) out.warn(choice.warning);
  const path = resolve(ctx.cwd, choice.file);
  const existingFile = await readEnvText(path);
  const existingText = existingFile.text;
  const existing = parse(existingText);
  const current: Values = {};
  for (const key of CONFIG_KEYS) if (existing[ENV_NAMES[key]]) current[key] = existing[ENV_NAMES[key]];
  const next: Values = { ...current };
  const notes: string[] = [];
  let keptToken = false;

  // Verify token: a given one must be sound; a bad one in the file (e.g. an EAA… access token) is replaced.
  const givenToken = fromFlagsOrEnv(opts, ctx, 'verifyToken');
  if (givenToken !== undefined) {
    const p = checkVerifyToken(givenToken).find((x) => x.severity === 'fail');
    if (p)
      throw new UsageError(`verify token ${p.message}`, { hint: 'omit it and `wa-hook init` generates a strong one' });
    next.verifyToken = givenToken;
  } else if (!current.verifyToken || checkVerifyToken(current.verifyToken).some((x) => x.severity === 'fail')) {
    const broken = current.verifyToken && checkVerifyToken(current.verifyToken).find((x) => x.severity === 'fail');
    if (broken) notes.push(`replaced WHATSAPP_VERIFY_TOKEN: it ${broken.message}`);
    // The token `up` already keeps (and that may be pasted into Meta's dashboard), never a second one.
    const { readKeptToken } = await import('../../state/session-token-io.js');
    const kept = await readKeptToken(ctx.cwd);
    keptToken = kept !== undefined;
    next.verifyToken = kept ?? generateVerifyToken();
  }

  for (const field of INIT_FIELDS) {
    const given = fromFlagsOrEnv(opts, ctx, field.key);
    if (given !== undefined) {
      const problem = blockingProblem(field, cleanAnswer(given));
      if (problem) throw new UsageError(problem, { hint: `find it in ${field.where}` });
      next[field.key] = cleanAnswer(given);
      continue;
    }
    if (opts.yes) continue;
    const { askSecret, askText } = await import('../../ui/prompts-io.js');
    const have = current[field.key];
    const validate = (raw: string) => (raw.trim() === '' ? true : (blockingProblem(field, cleanAnswer(raw)) ?? true));
    out.info(`  ${field.label}: ${field.where}`);
    const answer = field.secret
      ? await askSecret(ctx, {
          message: `${field.label}${have ? ` (Enter keeps ${maskSecret(have)})` : ' (Enter to skip)'}`,
          validate,
        })
      : await askText(ctx, { message: `${field.label}${have ? '' : ' (Enter to skip)'}`, default: have, validate });
    if (cleanAnswer(answer) !== '') next[field.key] = cleanAnswer(answer);
  }
  // Checked like every command reads them, so init never writes a value that breaks the next command.
  if (opts.port) {
    if (parsePort(opts.port) === undefined)
      throw new UsageError(`invalid port "${opts.port}"`, { hint: 'use a number from 0 to 65535' });
    next.port = opts.port.trim();
  }
  if (opts.path) next.path = normalizePath(opts.path);

  const updates: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const value = next[key];
    if (value !== undefined && value !== current[key]) updates[ENV_NAMES[key]] = value;
  }
  const comments = Object.fromEntries(
    Object.keys(updates).flatMap((k) => {
      const comment = COMMENTS[k];
      return comment ? [[k, comment]] : [];
    }),
  );
  if (Object.keys(updates).length > 0 || existingText === '') await writeEnvFile(path, updates, comments);
  // Only a file inside the project can be listed in its .gitignore.
  const rel = relative(ctx.cwd, path).split('\\').join('/');
  const gitignore = rel.startsWith('..') ? { added: false } : await ensureGitignored(ctx.cwd, rel);
  if (gitignore.refused) {
    out.warn(
      `did not add ${rel} to .gitignore: ${gitignore.refused} (wa-hook never writes through links)`,
      `add the line \`${rel}\` to your .gitignore yourself`,
    );
  }
  const ignored = gitignore.added;
  const protection = secretFileProtection(path, process.platform, homedir());
  report(out, {
    path,
    next,
    updates,
    notes,
    keptToken,
    ignored,
    encoding: encodingLabel(existingFile.encoding),
    protection,
    created: !existingFile.exists,
  });
}

function report(
  out: ReturnType<typeof createOutput>,
  r: {
    path: string;
    next: Values;
    updates: Record<string, string>;
    notes: string[];
    keptToken: boolean;
    ignored: boolean;
    created: boolean;
    encoding: string;
    protection: FileProtection;
  },
): void {
  const changed = Object.keys(r.updates);
  if (out.json) {
    out.data({
      file: r.path,
      created: r.created,
      encoding: r.encoding,
      protection: r.protection.statement,
      updated: changed,
      gitignoreUpdated: r.ignored,
      set: Object.fromEntries(CONFIG_KEYS.filter((k) => r.next[k] !== undefined).map((k) => [ENV_NAMES[k], true])),
    });
    return;
  }
  for (const note of r.notes) out.warn(note, 'rotate the access token if it was ever shared or logged');
  out.ok(
    r.created
      ? `created ${r.path} (${r.encoding})${changed.length ? `: ${changed.join(', ')}` : ''}`
      : changed.length
        ? `updated ${r.path} (${r.encoding}): ${changed.join(', ')}`
        : `${r.path} (${r.encoding}) already up to date`,
  );
  if (r.keptToken)
    out.ok(
      'WHATSAPP_VERIFY_TOKEN is the token `wa-hook up` already answers with (.wa-hook/verify-token): the one in Meta stays valid',
    );
  if (r.ignored) out.ok('added the .env file to .gitignore');
  if (r.protection.privateToUser) out.ok(r.protection.statement);
  else out.warn(r.protection.statement, WINDOWS_PROTECTION_HINT);
  for (const key of CONFIG_KEYS) {
    const value = r.next[key];
    if (value === undefined) continue;
    const shown = key === 'verifyToken' || key === 'appSecret' || key === 'accessToken' ? maskSecret(value) : value;
    out.result(`${ENV_NAMES[key]}=${shown}`);
  }
  out.info(
    'Next: `wa-hook up --show-token` prints the callback URL and the verify token to paste in WhatsApp → Configuration; `wa-hook doctor` checks the rest.',
  );
}

export const initCommand = parsedCommand(initOptions, init);
