/**
 * doctor's checks of the bot's side of a local WhatsApp conversation, from the `graph` records `up --local`
 * wrote and the statuses it delivered (facts.ts). Three rules, each about the last 24 hours of the log:
 *
 * - local.refused-replies: sends local WhatsApp refused with Meta's synchronous errors because the payload
 *   breaks a documented rule (a text over 4,096 characters, four reply buttons, a template's parameter count…:
 *   RULE_CODES). Real Meta would refuse them the same way, so the customer never gets them: a failure.
 * - local.outside-window: sends accepted and then failed with 131047 (a free-form message more than 24 hours
 *   after the customer last wrote). The same failed statuses are what log.failed-sends counts; this one names
 *   the customers and the way out, and is shown as its consequence.
 * - local.ignored-failures: a `failed` status the bot did not act on. Rule: after local WhatsApp delivered a
 *   failed status with code C for a send to a customer, the bot sent that customer another message that failed
 *   with the same code C. A bot that reads its statuses stops, or changes what it sends (a template after
 *   131047, another file after 131053), so the same failure does not come back; a retry with the same fault is
 *   what ignoring the status looks like. A later send that succeeds, or fails differently, is not counted.
 */
import type { DoctorFacts, Rule, Verdict } from '../../types.js';
import { fail, ok, skip, warn } from '../helpers.js';
import { errorCodeHelp } from '../error-codes.js';
import type { FailedStatus, LocalLogFacts, LocalSend } from './facts.js';

/**
 * Codes of a payload that breaks a send rule (parameters, limits, types, media, recipient form, templates).
 * Token, throughput, account and server errors (190, 130429, 131056, 131000…, e.g. injected with
 * `wa-hook local fail`) say nothing about what the bot sends and are left out.
 */
const RULE_CODES = new Set([
  100, 131008, 131009, 131021, 131051, 131053, 131062, 132000, 132001, 132005, 132007, 132012, 132015, 132016, 132068,
  132069, 135000,
]);

const plus = (n: string) => (/^\d+$/.test(n) ? `+${n}` : n);
const NONE = 'no sends to local WhatsApp recorded in the last 24 h';
const MAX_SHOWN = 3;

function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_SHOWN).join('; ');
  return items.length > MAX_SHOWN ? `${shown}; and ${items.length - MAX_SHOWN} more` : shown;
}

/** Failed statuses joined to the send they are about (by wamid), oldest first. */
function failedSends(local: LocalLogFacts): Array<{ send: LocalSend; status: FailedStatus }> {
  const byWamid = new Map(local.sends.flatMap((s): Array<[string, LocalSend]> => (s.wamid ? [[s.wamid, s]] : [])));
  return local.failed.flatMap((status) => {
    const send = byWamid.get(status.wamid);
    return send ? [{ send, status }] : [];
  });
}

/** Per customer: the first failure the bot answered by failing again the same way, and how often it did. */
export function ignoredFailures(local: LocalLogFacts): Array<{ to: string; code: number; repeats: number }> {
  const failures = failedSends(local);
  const out = new Map<string, { to: string; code: number; repeats: number }>();
  for (const first of failures)
    for (const code of first.status.codes) {
      const key = `${first.send.to} ${code}`;
      if (out.has(key)) continue;
      const repeats = failures.filter(
        (later) =>
          later.send.to === first.send.to && later.send.at > first.status.at && later.status.codes.includes(code),
      ).length;
      if (repeats > 0) out.set(key, { to: first.send.to, code, repeats });
    }
  return [...out.values()];
}

/** A check of the local WhatsApp log: skipped when no send to it was recorded. */
function needLocal(check: (local: LocalLogFacts) => Verdict): (facts: DoctorFacts) => Verdict {
  return (facts) => (facts.localLog ? check(facts.localLog) : skip(NONE));
}

export const LOCAL_RULES: Rule[] = [
  {
    id: 'local.refused-replies',
    group: 'log',
    title: "the bot's sends to local WhatsApp followed Meta's rules",
    detects:
      "sends local WhatsApp refused with Meta's synchronous errors (limits on text, buttons, lists, media, templates): real Meta refuses them too",
    check: needLocal((local) => {
      const refused = local.sends.filter((s) => s.status >= 400 && s.code !== undefined && RULE_CODES.has(s.code));
      if (refused.length === 0) return ok(`${local.sends.length} send(s) to local WhatsApp, none refused`);
      const codes = [...new Set(refused.map((s) => s.code))];
      return fail(
        `${refused.length} of ${local.sends.length} send(s) were refused (${codes.map((c) => `#${c}`).join(', ')}): ` +
          `${listed([...new Set(refused.map((s) => s.summary.replace(/^✖\s*/, '')))].reverse())}`,
        "change the payload as each line says (it names the JSON path and Meta's limit); `wa-hook events --type graph` lists every call with its answer",
      );
    }),
  },
  {
    id: 'local.outside-window',
    group: 'log',
    title: 'free-form replies stayed inside the 24-hour window',
    detects:
      'sends that failed with 131047: a free-form message to a customer who has not written for 24 hours (only a template reaches them)',
    follows: ['log.failed-sends'],
    check: needLocal((local) => {
      const late = failedSends(local).filter(({ status }) => status.codes.includes(131047));
      if (late.length === 0) return ok('no send failed with 131047');
      const customers = [...new Set(late.map(({ send }) => plus(send.to)))];
      return warn(
        `${late.length} send(s) failed with 131047 (${errorCodeHelp(131047)?.cause ?? 'outside the 24 h customer service window'}): ${listed(customers)}`,
        'reply with a free-form message only within 24 h of the customer’s last message; after that send an approved template (see `wa-hook local templates`)',
      );
    }),
  },
  {
    id: 'local.ignored-failures',
    group: 'log',
    title: 'the bot acted on failed statuses',
    detects:
      'a `failed` status the bot did not look at: after it, the bot sent the same customer another message that failed with the same code',
    check: needLocal((local) => {
      if (local.failed.length === 0) return ok('no failed statuses for the bot’s sends');
      const ignored = ignoredFailures(local);
      if (ignored.length === 0)
        return ok(`${local.failed.length} failed status(es), none followed by the same failure`);
      return warn(
        `after a failed status the bot sent the same customer more messages that failed the same way: ` +
          `${listed(ignored.map((i) => `${plus(i.to)}: ${i.code} then ${i.repeats} more`))}`,
        'handle `statuses[].status == "failed"` in the webhook: read `errors[0].code` and stop or change what you send (a template after 131047) ' +
          'instead of sending the same again',
      );
    }),
  },
];
