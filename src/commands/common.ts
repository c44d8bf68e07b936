import type { Ctx } from '../context.js';
import {
  CONFIG_KEYS,
  resolveConfig,
  parsePort,
  normalizePath,
  DEFAULT_PORT,
  type ConfigFlags,
  type LoadedConfig,
} from '../config/resolve.js';
export type { LoadedConfig } from '../config/resolve.js';
import { readDotenv } from '../config/env-file-io.js';
import { chooseEnvFile } from '../config/env-file-choice.js';
import { createOutput } from '../ui/output-io.js';
import { readState, type UpState } from '../state/state-file-io.js';
import { UsageError } from '../errors.js';
import { judgeGraphBase } from '../config/graph-base.js';
import { loadProbeKey } from '../state/probe-key-io.js';
import { readOptions, urlOption, type RawOptions } from './options.js';

export interface CommonOptions {
  envPath?: string;
  /** Hidden old spelling of --env-path (Node.js intercepts it). */
  envFile?: string;
  json?: boolean;
  verifyToken?: string;
  appSecret?: string;
  accessToken?: string;
  phoneNumberId?: string;
  wabaId?: string;
  appId?: string;
  port?: string;
  path?: string;
  graphUrl?: string;
}

/** The options every command has (cli.ts `withCommon`); config flags stay text: .env and the environment may fill them. */
const COMMON_SPEC = { text: ['envPath', 'envFile', ...CONFIG_KEYS], flag: ['json'] } as const;

export function commonOptions(raw: RawOptions): CommonOptions {
  return readOptions(raw, COMMON_SPEC);
}

/** Reads .env and resolves every config value with its source (flag > env > .env > default). */
export async function loadConfig(opts: CommonOptions, ctx: Ctx): Promise<LoadedConfig> {
  const choice = chooseEnvFile(opts, ctx.env);
  if (choice.warning) createOutput(ctx, Boolean(opts.json)).warn(choice.warning);
  const dotenv = await readDotenv(ctx.cwd, choice.file, choice.explicit);
  const flags: ConfigFlags = Object.fromEntries(CONFIG_KEYS.map((key) => [key, opts[key]]));
  const resolved = resolveConfig(flags, ctx.env, dotenv.values);
  // Lets this command's probes be told from forgeries by the running `up` (events/probe.ts).
  await loadProbeKey(ctx.cwd, false);
  const port = parsePort(resolved.values.port);
  if (port === undefined) {
    throw new UsageError(`invalid port "${resolved.values.port}" (from ${resolved.sources.port})`, {
      hint: 'use a number from 0 to 65535; 0 picks a free port',
    });
  }
  const graphUrl = resolved.values.graphUrl;
  if (graphUrl !== undefined) {
    const source =
      resolved.sources.graphUrl === 'flag'
        ? '--graph-url'
        : resolved.sources.graphUrl === 'env'
          ? 'WA_HOOK_GRAPH_URL'
          : 'the default';
    const base = judgeGraphBase(graphUrl, source);
    if (base.error) {
      throw new UsageError(base.error, {
        hint: 'use the full https base URL, e.g. https://graph.facebook.com/v24.0 (http only for 127.0.0.1)',
      });
    }
    if (base.warning) createOutput(ctx, Boolean(opts.json)).warn(base.warning);
  }
  if (dotenv.values.WA_HOOK_GRAPH_URL !== undefined && resolved.sources.graphUrl === 'default') {
    createOutput(ctx, Boolean(opts.json)).warn(
      `ignoring WA_HOOK_GRAPH_URL in ${dotenv.path}: the Graph API base is taken only from --graph-url or the environment`,
    );
  }
  return { ...resolved, dotenv, port, path: normalizePath(resolved.values.path ?? '/webhook') };
}

export interface Target {
  url: string;
  /** Where the URL came from, for messages like "(from the running wa-hook up)". */
  origin: 'flag' | 'state' | 'default';
  state?: UpState;
}

/**
 * Where verify/send-sample/doctor aim when --url is absent: the running `up` (public callback if the
 * caller prefers it, else local), else http://127.0.0.1:$PORT$WEBHOOK_PATH.
 */
export async function resolveTarget(
  url: string | undefined,
  config: LoadedConfig,
  ctx: Ctx,
  prefer: 'local' | 'public' = 'local',
): Promise<Target> {
  const state = await readState(ctx.cwd);
  if (url) {
    urlOption(url, '--url', 'give the full callback URL, e.g. https://abc.trycloudflare.com/webhook');
    return { url, origin: 'flag', state };
  }
  if (state) {
    const chosen = prefer === 'public' && state.callbackUrl ? state.callbackUrl : state.localUrl;
    return { url: chosen, origin: 'state', state };
  }
  const port = config.port === 0 ? DEFAULT_PORT : config.port;
  return { url: `http://127.0.0.1:${port}${config.path}`, origin: 'default' };
}

/** Is the target the running `up` itself (found through the state file, or --url naming one of its URLs)? */
export function aimsAtUp(target: Target): boolean {
  if (!target.state) return false;
  if (target.origin === 'state') return true;
  const norm = (u: string | undefined) => u?.replace(/\/+$/, '');
  return [target.state.localUrl, target.state.callbackUrl].some((u) => u !== undefined && norm(u) === norm(target.url));
}
