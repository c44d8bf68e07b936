/**
 * Faults on purpose, never at random: `wa-hook local fail CODE [--next N | --to NUMBER | --every N]`. A rule
 * makes matching sends fail with Meta's error for that code, synchronously (the HTTP answer) or as a `failed`
 * status after a 200 + wamid, the way Meta reports that code. Token expiry (190/463) fails every call made
 * with the access token. Pure: the server asks `take()` per call.
 */
import { metaError } from './rules/meta-errors.js';
import type { MetaError } from './rules/types.js';

export type FaultMode = { next: number } | { to: string } | { every: number };

export interface FaultRule {
  id: number;
  code: number;
  subcode?: number;
  mode: FaultMode;
  /** Sends this rule has failed so far. */
  hits: number;
  /** Sends it has seen (for --every). */
  seen: number;
}

/** Codes Meta reports after accepting the send: a 200 + wamid, then a `failed` status carrying the error. */
export const ASYNC_CODES: ReadonlySet<number> = new Set([
  131026, 131047, 131049, 131050, 131052, 131053, 130472, 131009,
]);

/** Codes that are about the token, not the send: they fail every Graph call made with it. */
export function isTokenFault(code: number): boolean {
  return code === 190 || code === 463;
}

export function describeMode(mode: FaultMode): string {
  if ('next' in mode) return `next ${mode.next} send${mode.next === 1 ? '' : 's'}`;
  if ('to' in mode) return `every send to +${mode.to}`;
  return `every ${mode.every}${mode.every === 2 ? 'nd' : mode.every === 3 ? 'rd' : 'th'} send`;
}

/** Meta's error for a fault: the catalog's title and status, with what Meta says for these special codes. */
export function faultError(code: number, subcode?: number, now: Date = new Date()): MetaError {
  if (code === 463 || (code === 190 && subcode === 463)) {
    const when = now.toUTCString();
    return metaError(190, 'The access token expired (wa-hook local fail 190 --subcode 463).', {
      subcode: 463,
      httpStatus: 401,
      type: 'OAuthException',
      title: 'Access token has expired',
      message: `Error validating access token: Session has expired on ${when}. The current time is ${when}.`,
    });
  }
  if (code === 190)
    return metaError(190, 'The access token is no longer valid (wa-hook local fail 190).', {
      httpStatus: 401,
      type: 'OAuthException',
      title: 'Access token has expired',
      message:
        'Error validating access token: The session has been invalidated because the user ' +
        'changed their password or Facebook has changed the session for security reasons.',
    });
  const details = `Injected by \`wa-hook local fail ${code}\`.`;
  return metaError(code, details, subcode !== undefined ? { subcode } : {});
}

/** Headers Meta adds to a rate-limit answer: how long until the limit lifts. */
export function faultHeaders(code: number, wabaId: string): Record<string, string> {
  if (code !== 130429 && code !== 131056 && code !== 4 && code !== 80007) return {};
  const usage = {
    [wabaId]: [
      { type: 'whatsapp', call_count: 100, total_cputime: 1, total_time: 1, estimated_time_to_regain_access: 1 },
    ],
  };
  return { 'x-business-use-case-usage': JSON.stringify(usage) };
}

export class FaultBook {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(code: number, mode: FaultMode, subcode?: number): FaultRule {
    const rule: FaultRule = {
      id: this.nextId++,
      code,
      mode,
      hits: 0,
      seen: 0,
      ...(subcode !== undefined ? { subcode } : {}),
    };
    this.rules.push(rule);
    return rule;
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  clear(): number {
    const n = this.rules.length;
    this.rules = [];
    return n;
  }

  /** A token fault that applies to any call (190 / 463), counted like a send. */
  tokenFault(): FaultRule | undefined {
    return this.pick((r) => isTokenFault(r.code), undefined);
  }

  /** The rule that fails this send to `waId`, if any; counts it and drops spent `--next` rules. */
  forSend(waId: string | undefined): FaultRule | undefined {
    return this.pick((r) => !isTokenFault(r.code), waId);
  }

  private pick(which: (r: FaultRule) => boolean, waId: string | undefined): FaultRule | undefined {
    let hit: FaultRule | undefined;
    for (const rule of this.rules) {
      if (!which(rule)) continue;
      if ('to' in rule.mode) {
        if (waId === undefined || waId !== rule.mode.to) continue;
      }
      rule.seen += 1;
      if ('every' in rule.mode && rule.seen % rule.mode.every !== 0) continue;
      if (!hit) {
        hit = rule;
        rule.hits += 1;
      }
    }
    this.rules = this.rules.filter((r) => !('next' in r.mode) || r.hits < r.mode.next);
    return hit;
  }
}
