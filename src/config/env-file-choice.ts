/**
 * Which .env file a command reads. The flag is `--env-path`: Node.js itself (20, 22, 24, …) scans its
 * whole command line, script arguments included, for anything starting with `--env-file`, loads that file
 * into process.env behind our back and exits 9 when it is missing, before wa-hook runs. It stops scanning
 * only at `--`. So our flag must not start with `--env-file`; `--env-file` is still accepted when Node lets
 * it through (Node 20 ignores the `--env-file=PATH` form), with a warning.
 */
export const ENV_FILE_VARIABLE = 'WA_HOOK_ENV_FILE';
export const DEFAULT_ENV_FILE = '.env';

export interface EnvFileChoice {
  file: string;
  /** Named by the user (flag or variable): a missing file is then an error. */
  explicit: boolean;
  source: '--env-path' | '--env-file' | typeof ENV_FILE_VARIABLE | 'default';
  /** Shown to the user when the spelling works only by luck. */
  warning?: string;
}

export const NODE_ENV_FILE_WARNING =
  'Node.js also claims --env-file: it loads that file into the environment itself (or ' +
  'exits when the file is missing). Use --env-path PATH or WA_HOOK_ENV_FILE=PATH instead.';

export function chooseEnvFile(
  opts: { envPath?: string; envFile?: string },
  env: Readonly<Record<string, string | undefined>>,
): EnvFileChoice {
  if (opts.envPath) return { file: opts.envPath, explicit: true, source: '--env-path' };
  if (opts.envFile) return { file: opts.envFile, explicit: true, source: '--env-file', warning: NODE_ENV_FILE_WARNING };
  const fromEnv = env[ENV_FILE_VARIABLE];
  if (fromEnv) return { file: fromEnv, explicit: true, source: ENV_FILE_VARIABLE };
  return { file: DEFAULT_ENV_FILE, explicit: false, source: 'default' };
}
