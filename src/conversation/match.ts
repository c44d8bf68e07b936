/**
 * Judges the bot's send against what a step expects. Pure. Each mismatch names the field, what the script
 * wants and what the bot sent, so the failure reads as a diff of the two.
 */
import { choicesOf, interactiveKindOf, templateOf, textOf, type BotSend } from './bot-send.js';
import type { ReplyExpectation, TextMatch } from './script-types.js';

export interface Mismatch {
  /** What was compared, in the words of the Graph call: "type", "text.body", "interactive.action.buttons". */
  field: string;
  expected: string;
  actual: string;
}

const q = (text: string | undefined) => (text === undefined ? '(none)' : JSON.stringify(text));

export function describeTextMatch(match: TextMatch): string {
  if ('equals' in match) return q(match.equals);
  if ('contains' in match) return `to contain ${q(match.contains)}`;
  return `to match /${match.matches}/`;
}

export function textMatches(match: TextMatch, text: string | undefined): boolean {
  if (text === undefined) return false;
  if ('equals' in match) return text === match.equals;
  if ('contains' in match) return text.includes(match.contains);
  return new RegExp(match.matches, 'u').test(text);
}

function textField(send: BotSend): string {
  if (send.type === 'text') return 'text.body';
  if (send.type === 'interactive') return 'interactive.body.text';
  return `${send.type}.caption`;
}

/** Recipient check: the bot may omit the country code (Meta prepends the business number's). */
export function sameRecipient(customer: string, to: string): boolean {
  return to === customer || (to.length >= 6 && customer.endsWith(to));
}

export function matchReply(expect: ReplyExpectation, send: BotSend, customer: string): Mismatch[] {
  const out: Mismatch[] = [];
  const recipient = expect.to ?? customer;
  if (!sameRecipient(recipient, send.to)) out.push({ field: 'to', expected: q(recipient), actual: q(send.to) });
  if (send.error)
    out.push({
      field: 'Meta answer',
      expected: 'accepted (200 with a message id)',
      actual: `HTTP ${send.httpStatus} ${send.error.message}${send.error.details ? ` — ${send.error.details}` : ''}`,
    });
  const wantType = expect.type ?? (expect.buttons || expect.rows || expect.interactive ? 'interactive' : undefined);
  if (wantType && send.type !== wantType) out.push({ field: 'type', expected: q(wantType), actual: q(send.type) });
  const interactive = interactiveKindOf(send);
  const wantInteractive = expect.interactive ?? (expect.buttons ? 'button' : expect.rows ? 'list' : undefined);
  if (wantInteractive && send.type === 'interactive' && interactive !== wantInteractive)
    out.push({ field: 'interactive.type', expected: q(wantInteractive), actual: q(interactive) });
  if (expect.text) {
    const text = textOf(send);
    if (!textMatches(expect.text, text))
      out.push({ field: textField(send), expected: describeTextMatch(expect.text), actual: q(text) });
  }
  const want = expect.buttons ?? expect.rows;
  if (want) {
    const choices = choicesOf(send);
    const fits =
      want.length === choices.length && want.every((w, i) => w === choices[i]?.title || w === choices[i]?.id);
    if (!fits)
      out.push({
        field: expect.buttons ? 'interactive.action.buttons' : 'interactive.action.sections[].rows',
        expected: `[${want.map((w) => q(w)).join(', ')}]`,
        actual: `[${choices.map((c) => q(c.title)).join(', ')}]`,
      });
  }
  if (expect.template) {
    const used = templateOf(send);
    const want = expect.template;
    if (!used) out.push({ field: 'template', expected: q(want.name), actual: `(a ${send.type} message)` });
    else {
      if (used.name !== want.name) out.push({ field: 'template.name', expected: q(want.name), actual: q(used.name) });
      if (want.language && used.language !== want.language)
        out.push({ field: 'template.language.code', expected: q(want.language), actual: q(used.language) });
      if (
        want.parameters &&
        (want.parameters.length !== used.parameters.length || want.parameters.some((p, i) => p !== used.parameters[i]))
      )
        out.push({
          field: 'template.components[].parameters',
          expected: `[${want.parameters.map((p) => q(p)).join(', ')}]`,
          actual: `[${used.parameters.map((p) => q(p)).join(', ')}]`,
        });
    }
  }
  return out;
}
