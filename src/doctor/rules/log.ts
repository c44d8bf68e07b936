import type { EventRecord } from '../../events/record/record.js';
import type { Rule } from '../types.js';
import { fail, ok, skip, warn } from './helpers.js';
import { probeOf } from '../../events/probe.js';
import { ERROR_CODES_URL, errorCodeHelp } from './error-codes.js';
import { isRecord, recordsIn, stringOr, type JsonObject } from '../../json-narrow.js';

/** One `entry[].changes[]` of a recorded body whose value is an object; none when the body is not JSON. */
export interface RecordedChange {
  /** The WABA id (`entry[].id`). */
  entryId?: string;
  field?: string;
  value: JsonObject;
}

export function recordedChanges(body: string): RecordedChange[] {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return []; // Not JSON: the receiver already recorded it as such; nothing to learn here.
  }
  const out: RecordedChange[] = [];
  for (const entry of recordsIn(isRecord(payload) ? payload.entry : undefined))
    for (const change of recordsIn(entry.changes))
      if (isRecord(change.value))
        out.push({ entryId: stringOr(entry.id), field: stringOr(change.field), value: change.value });
  return out;
}

interface FailedStatus {
  code: number;
  title?: string;
}

/** Failed statuses (`value.statuses[].errors[]`) recorded by the receiver: Meta's own account of failed sends. */
export function failedStatuses(events: EventRecord[]): FailedStatus[] {
  const out: FailedStatus[] = [];
  for (const e of events) {
    if (e.kind !== 'event' || !e.body) continue;
    for (const { value } of recordedChanges(e.body))
      for (const s of recordsIn(value.statuses)) {
        if (s.status !== 'failed') continue;
        for (const err of recordsIn(s.errors))
          if (typeof err.code === 'number') out.push({ code: err.code, title: stringOr(err.title) });
      }
  }
  return out;
}

/**
 * Requests doctor and send-sample make themselves are not evidence about Meta's traffic. Only a verified probe
 * counts: a User-Agent saying "wa-hook" is what anyone can send, and would hide an attack from doctor.
 */
export function isOwnProbe(e: EventRecord): boolean {
  return probeOf(e) !== undefined;
}

export const LOG_RULES: Rule[] = [
  {
    id: 'log.rejected-signatures',
    group: 'log',
    title: 'recent events passed the signature check',
    detects:
      'events recorded by `wa-hook up` were refused for a bad signature (wrong App Secret, or a proxy re-encoding the body)',
    check: (facts) => {
      const events = facts.events.filter((e) => e.kind !== 'verification' && e.kind !== 'graph' && !isOwnProbe(e));
      if (events.length === 0) return skip('no events recorded in .wa-hook/events.jsonl');
      const bad = events.filter((e) => e.signature === 'invalid');
      if (bad.length === 0) return ok(`${events.length} recent event(s), none with a bad signature`);
      const all = bad.length === events.filter((e) => e.signature !== 'unchecked' && e.signature !== 'missing').length;
      return fail(
        `${bad.length} of ${events.length} recent event(s) had a signature that did not ` +
          `match${all ? ' (all of them: the App Secret is wrong)' : ' (some: something re-encodes the body)'}`,
        all
          ? 'set WHATSAPP_APP_SECRET to the App Secret of the app that is subscribed (App settings → Basic)'
          : 'hash the raw bytes; make sure no proxy re-encodes JSON',
      );
    },
  },
  {
    id: 'log.failed-sends',
    group: 'log',
    title: 'no failed sends reported',
    detects:
      'statuses with errors (190, 131030, 131047, 131042 billing, 131031 account locked, 133010 not registered, …) in recorded events: why a bot seems silent',
    check: (facts) => {
      const real = facts.events.filter((e) => !isOwnProbe(e));
      if (real.length === 0) return skip('no events recorded');
      const failed = failedStatuses(real);
      if (failed.length === 0) return ok('no failed statuses among recent events');
      const codes = [...new Set(failed.map((f) => f.code))];
      // Each code's own cause and next step; the generic link only for codes Meta's table does not list.
      const fixes = codes.flatMap((c) => {
        const help = errorCodeHelp(c);
        return help ? [`${c}: ${help.next}`] : [];
      });
      if (codes.some((c) => !errorCodeHelp(c))) fixes.push(`other codes: see ${ERROR_CODES_URL}`);
      const verdict = warn(
        `Meta reported ${failed.length} failed send(s): ` +
          `${codes.map((c) => `${c} (${errorCodeHelp(c)?.cause ?? failed.find((f) => f.code === c)?.title ?? 'not in Meta’s error-code table'})`).join('; ')}`,
        fixes.join('; '),
      );
      // Failures whose cause a Meta check already names (sandbox recipients, app mode, registration).
      const cause = codes.every((c) => c === 131030)
        ? ['meta.app-mode', 'meta.account-mode']
        : codes.every((c) => c === 133010)
          ? ['meta.phone-registered']
          : codes.every((c) => c === 132015 || c === 132016)
            ? ['log.template-status'] // the template Meta paused or disabled, named by its status event
            : [];
      return cause.length ? { ...verdict, after: cause } : verdict;
    },
  },
  {
    id: 'log.non-200',
    group: 'log',
    title: 'recorded events answered 200',
    detects: 'events answered with a non-200 (forwarded backend errors): Meta retries them → duplicates and backoff',
    check: (facts) => {
      const events = facts.events.filter((e) => e.kind === 'event' && !isOwnProbe(e));
      if (events.length === 0) return skip('no events recorded');
      const bad = events.filter((e: EventRecord) => e.status !== 200);
      if (bad.length === 0) return ok(`${events.length} recent event(s) answered 200`);
      return fail(
        `${bad.length} recent event(s) answered ${[...new Set(bad.map((e) => e.status))].join('/')}: Meta retries those and slows all deliveries`,
        'answer 200 to every event (even the ones you ignore), then process it',
      );
    },
  },
];
