import { DEFAULT_GRAPH_URL, ENV_NAMES, type ConfigKey } from '../../config/resolve.js';
import { maskSecret } from '../../config/redact.js';
import type { DoctorFacts, PublicFacts, Verdict } from '../types.js';

export const ok = (finding: string): Verdict => ({ status: 'ok', finding });
export const skip = (finding: string): Verdict => ({ status: 'skip', finding });
export const warn = (finding: string, fix: string): Verdict => ({ status: 'warn', finding, fix });
export const fail = (finding: string, fix: string): Verdict => ({ status: 'fail', finding, fix });

/** "WHATSAPP_VERIFY_TOKEN (from .env)" — where a value came from, so the user knows which one to edit. */
export function describeSource(facts: DoctorFacts, key: ConfigKey): string {
  const source = facts.config.sources[key];
  const where =
    source === 'flag'
      ? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
      : source === 'env'
        ? 'the environment'
        : source === 'dotenv'
          ? baseName(facts.config.envFile.path)
          : 'default';
  return `${ENV_NAMES[key]} (from ${where})`;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** A check of the public callback URL (--url, or the running `up`'s): skipped when there is none. */
export function needPublicUrl(
  check: (p: PublicFacts & { url: string }, facts: DoctorFacts) => Verdict,
): (facts: DoctorFacts) => Verdict {
  return (facts) => {
    const p = facts.public;
    return p?.url ? check({ ...p, url: p.url }, facts) : skip('no public callback URL');
  };
}

/** The public callback URL the user means: --url, else the one the running `up` announces. */
export function announcedCallbackUrl(facts: DoctorFacts): string | undefined {
  return facts.config.urlFlag ?? facts.up?.callbackUrl;
}

export function graphBase(facts: DoctorFacts): string {
  return (facts.config.values.graphUrl ?? DEFAULT_GRAPH_URL).replace(/\/+$/, '');
}

export function masked(facts: DoctorFacts, key: ConfigKey): string {
  return maskSecret(facts.config.values[key]);
}

/** Same URL for Meta's purposes: scheme/host case and a trailing slash do not matter. */
export function sameUrl(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const norm = (u: string) => {
    try {
      const x = new URL(u);
      return `${x.protocol}//${x.host}${x.pathname.replace(/\/+$/, '')}${x.search}`;
    } catch {
      return u.trim();
    }
  };
  return norm(a) === norm(b);
}

export const FIX_COMMAND = '`wa-hook doctor --fix`';
