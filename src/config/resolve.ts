import type { DotenvFile } from './env-file-io.js';
/**
 * One config resolver that shows its work: every value comes with the place it came from, so `doctor`
 * can say "verify token from .env" and users can see why a flag did not win.
 */

/** Every configuration value, in the order `init` and `doctor` list them. */
export const CONFIG_KEYS = [
  'verifyToken',
  'appSecret',
  'accessToken',
  'phoneNumberId',
  'wabaId',
  'appId',
  'port',
  'path',
  'graphUrl',
] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

export type ConfigSource = 'flag' | 'env' | 'dotenv' | 'default';

/** Env variable behind each key (docs/configuration.md). */
export const ENV_NAMES: Readonly<Record<ConfigKey, string>> = {
  verifyToken: 'WHATSAPP_VERIFY_TOKEN',
  appSecret: 'WHATSAPP_APP_SECRET',
  accessToken: 'WHATSAPP_ACCESS_TOKEN',
  phoneNumberId: 'WHATSAPP_PHONE_NUMBER_ID',
  wabaId: 'WHATSAPP_BUSINESS_ACCOUNT_ID',
  appId: 'WHATSAPP_APP_ID',
  port: 'PORT',
  path: 'WEBHOOK_PATH',
  graphUrl: 'WA_HOOK_GRAPH_URL',
};

export const DEFAULT_PORT = 8000;
/** Local WhatsApp's Graph API (`up --local`, `wa-hook test` beside a running bot). */
export const DEFAULT_GRAPH_PORT = 4041;
export const DEFAULT_PATH = '/webhook';
export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com/v24.0';

/**
 * Never read from `.env`: a cloned project's `.env` could send the access token and app secret to its own
 * server. The Graph base comes from --graph-url or the process environment only.
 */
export const NOT_FROM_DOTENV: ReadonlySet<ConfigKey> = new Set(['graphUrl']);

const DEFAULTS: Partial<Record<ConfigKey, string>> = {
  port: String(DEFAULT_PORT),
  path: DEFAULT_PATH,
  graphUrl: DEFAULT_GRAPH_URL,
};

export type ConfigFlags = Partial<Record<ConfigKey, string | number | undefined>>;

export interface ResolvedConfig {
  values: Partial<Record<ConfigKey, string>>;
  sources: Partial<Record<ConfigKey, ConfigSource>>;
}

/**
 * Precedence: flag > process environment > `.env` file > default. Empty strings count as unset, so an
 * `export WHATSAPP_APP_SECRET=` in a shell does not hide the value in `.env`.
 */
export function resolveConfig(
  flags: ConfigFlags,
  env: Readonly<Record<string, string | undefined>>,
  dotenv: Readonly<Record<string, string>>,
): ResolvedConfig {
  const values: ResolvedConfig['values'] = {};
  const sources: ResolvedConfig['sources'] = {};
  for (const key of CONFIG_KEYS) {
    const name = ENV_NAMES[key];
    const candidates: Array<[ConfigSource, string | number | undefined]> = [
      ['flag', flags[key]],
      ['env', env[name]],
      ['dotenv', NOT_FROM_DOTENV.has(key) ? undefined : dotenv[name]],
      ['default', DEFAULTS[key]],
    ];
    for (const [source, raw] of candidates) {
      if (raw === undefined || raw === '') continue;
      values[key] = String(raw);
      sources[key] = source;
      break;
    }
  }
  return { values, sources };
}

/** Parses a port value; 0 means "pick a free one". Returns undefined when it is not a port. */
export function parsePort(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,5}$/.test(raw.trim())) return undefined;
  const port = Number(raw.trim());
  return port <= 65535 ? port : undefined;
}

/** Callback paths always start with a slash; users type `webhook` as often as `/webhook`. */
export function normalizePath(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** Every value resolved, plus the .env it came from and the port and path already parsed. */
export interface LoadedConfig extends ResolvedConfig {
  dotenv: DotenvFile;
  port: number;
  path: string;
}
