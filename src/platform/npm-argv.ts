/**
 * `npm start -- --tunnel none` in PowerShell: PowerShell drops the `--` when it calls npm's `npm.ps1`
 * shim, so npm takes `--tunnel` as its own config, exports it as `npm_config_tunnel` and passes only
 * the leftovers (`none`) to the script. A boolean flag (`--no-clipboard`) vanishes without a trace and
 * `up` would start with defaults. Our own flags found among npm's configs reveal it (pure).
 */
/** npm's own configs, often set in an npmrc: their presence proves nothing. */
const NPM_OWN = new Set(['yes', 'json', 'version', 'help', 'all', 'offline', 'force', 'dry_run']);

export function npmSwallowedFlags(env: Readonly<Record<string, string | undefined>>, longFlags: string[]): string[] {
  if (!env.npm_lifecycle_event) return [];
  const found = new Map<string, string>();
  for (const flag of longFlags) {
    const negated = flag.startsWith('--no-');
    const name = flag.replace(/^--(no-)?/, '').replace(/-/g, '_');
    const value = env[`npm_config_${name}`];
    if (NPM_OWN.has(name) || value === undefined) continue;
    // `--no-x` and `--x` share one npm config: an empty/false value came from the negated one.
    const isFalse = value === '' || value === 'false';
    if (!found.has(name) || negated === isFalse) found.set(name, flag);
  }
  return [...found.values()];
}

export const NPM_SWALLOWED_HINT =
  'PowerShell drops the `--` before npm sees it. Run `node bin/wa-hook.js up --tunnel ' +
  'none` (works in every shell), or `npm link` once and then `wa-hook up --tunnel none`';
