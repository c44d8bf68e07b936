import type { EventRecord } from '../../events/record/record.js';
import type { DoctorFacts, Rule } from '../types.js';
import { ok, skip, warn } from './helpers.js';
import { failedStatuses, isOwnProbe, recordedChanges } from './log.js';
import { recordsIn } from '../../json-narrow.js';

/**
 * Countries whose mobile numbers Meta writes in two forms: the sender id (wa_id) in webhooks carries a digit the
 * form Meta's allowed list and send API match does not (Argentina's 9 after 54, Mexico's 1 after 52), or lacks
 * one (Brazil's ninth digit on older numbers). Replying to the wa_id from a test number then fails with 131030
 * although the number was added. Reports: chatwoot/chatwoot#11053 and #13932 (Argentina), kevinrivm/vocero-crm#35
 * (549… fails, 54… delivered), david-lev/pywa#155 (Mexico, +52).
 */
export function otherForm(waId: string): { country: string; send: string; why: string } | undefined {
  let m = /^549(\d{10})$/.exec(waId);
  if (m) return { country: 'Argentina', send: `54${m[1]}`, why: 'without the 9 after 54' };
  m = /^521(\d{10})$/.exec(waId);
  if (m) return { country: 'Mexico', send: `52${m[1]}`, why: 'without the 1 after 52' };
  m = /^55(\d{2})([6-9]\d{7})$/.exec(waId);
  if (m) return { country: 'Brazil', send: `55${m[1]}9${m[2]}`, why: 'with the ninth digit (9) after the area code' };
  return undefined;
}

/** Senders (`messages[].from`) of recorded inbound messages. */
function senders(events: EventRecord[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    if (e.kind !== 'event' || !e.body || isOwnProbe(e)) continue;
    for (const { value } of recordedChanges(e.body))
      for (const msg of recordsIn(value.messages)) if (typeof msg.from === 'string') out.add(msg.from);
  }
  return [...out];
}

export const LOG_NUMBER_FORMS_RULE: Rule = {
  id: 'log.recipient-forms',
  group: 'log',
  title: 'recipients in the form Meta matches',
  detects:
    'senders from Argentina (549…), Mexico (521…) or Brazil (no ninth digit) on a test number: ' +
    'replying to the wa_id fails with 131030 although the number is on the allowed list',
  check: (facts: DoctorFacts) => {
    const two = senders(facts.events).flatMap((from) => {
      const form = otherForm(from);
      return form ? [{ from, ...form }] : [];
    });
    if (two.length === 0)
      return senders(facts.events).length
        ? ok('no sender with a second number form')
        : skip('no inbound messages recorded');
    const details = facts.meta.phoneDetails?.ok ? facts.meta.phoneDetails.data : undefined;
    const refused = failedStatuses(facts.events).some((f) => f.code === 131030);
    if (details?.account_mode !== 'SANDBOX' && !refused)
      return ok(`${two.map((t) => t.from).join(', ')}: a live number reaches them by their wa_id`);
    return warn(
      two
        .map(
          (t) =>
            `${t.country}: Meta sends this user's id as ${t.from}, but the allowed list and the send ` +
            `API match ${t.send} (${t.why}); replying to ${t.from} from a test number fails with 131030`,
        )
        .join('; '),
      `send to ${two.map((t) => t.send).join(', ')} and add that form in WhatsApp → ` +
        `API Setup → To (the list takes up to 5 numbers; adding both forms is harmless)`,
    );
  },
};
