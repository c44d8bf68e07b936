/**
 * One step against a running LocalWhatsAppSession: the customer acts, the clock moves, or an expectation
 * waits for the bot's Graph call / a status and is judged. Returns the failure, or undefined when it passed.
 */
import type { BotSend } from './bot-send.js';
import { formatDuration } from './duration.js';
import { matchReply, sameRecipient } from './match.js';
import type { CallShown, StepFailure } from './results.js';
import type { Step } from './script-types.js';
import { WebhookRefusedError, type LocalWhatsAppSession } from './local-whatsapp-io.js';
import { errorCode, errorMessage } from '../errors-narrow.js';

export interface PlayState {
  /** The last send an expectation took, per customer: what expectStatus is about. */
  lastTaken: Map<string, BotSend>;
}

export function callOf(send: BotSend): CallShown {
  return {
    method: send.method,
    path: send.path,
    status: send.httpStatus,
    request: send.body,
    response: send.response,
  };
}

function sendSummary(send: BotSend): string {
  const error = send.error ? ` (refused: ${send.error.message})` : '';
  return `a ${send.type} message to ${send.to}${error}`;
}

async function customerActs(session: LocalWhatsAppSession, step: Step): Promise<StepFailure | undefined> {
  const from = { from: step.customer };
  try {
    if (step.kind === 'say') await session.say(step.text, from);
    else if (step.kind === 'send') await session.send(step.type, step.file, { ...from, caption: step.caption });
    else if (step.kind === 'location')
      await session.send(
        'location',
        { latitude: step.latitude, longitude: step.longitude, name: step.name, address: step.address },
        from,
      );
    else if (step.kind === 'tap') {
      const found = session.findChoice(step.choice, step.customer);
      if ('problem' in found) {
        const listed = found.choices?.map((c) => `"${c.title}" (id ${c.id})`).join(', ');
        return { message: `${found.problem}${listed ? `; it offers ${listed}` : ''}` };
      }
      await session.tap(step.choice, from);
    }
    return undefined;
  } catch (error) {
    if (error instanceof WebhookRefusedError) return { message: error.message };
    const code = errorCode(error);
    if (code === 'ENOENT' && step.kind === 'send') return { message: `the file to send does not exist: ${step.file}` };
    return { message: errorMessage(error) };
  }
}

export async function playStep(
  session: LocalWhatsAppSession,
  step: Step,
  state: PlayState,
): Promise<StepFailure | undefined> {
  const box = session.mailbox;
  switch (step.kind) {
    case 'say':
    case 'send':
    case 'location':
    case 'tap':
      return customerActs(session, step);
    case 'wait':
      session.advance(step.ms);
      return undefined;
    case 'expect': {
      const send = await box.nextSend(step.reply.withinMs);
      if (!send) return { message: `the bot sent no message within ${formatDuration(step.reply.withinMs)}` };
      state.lastTaken.set(step.customer, send);
      const mismatches = matchReply(step.reply, send, step.customer);
      if (mismatches.length === 0) return undefined;
      return { message: "the bot's reply differs from what the step expects", mismatches, call: callOf(send) };
    }
    case 'expectNoReply': {
      const send = await box.nextSend(step.withinMs);
      if (!send) return undefined;
      return {
        message: `expected no message within ${formatDuration(step.withinMs)}, the bot sent ${sendSummary(send)}`,
        call: callOf(send),
      };
    }
    case 'expectRead': {
      const wamid = session.lastInbound.get(step.customer);
      if (!wamid) return { message: 'the customer has sent nothing yet for the bot to mark read' };
      const read = await box.waitUntil(() => box.reads.find((r) => r.messageId === wamid && !r.error), step.withinMs);
      if (read) return undefined;
      const refused = box.reads.find((r) => r.messageId === wamid && r.error)?.error;
      return {
        message: refused
          ? `the bot's read receipt for ${wamid} was refused: ${refused.message}`
          : `the bot did not mark the customer's last message (${wamid}) read within ${formatDuration(step.withinMs)}` +
            (box.reads.length ? ` (it marked ${box.reads.map((r) => r.messageId).join(', ')})` : ''),
      };
    }
    case 'expectStatus': {
      const send =
        state.lastTaken.get(step.customer) ?? [...box.sends].reverse().find((s) => sameRecipient(step.customer, s.to));
      if (!send) return { message: 'the bot has sent nothing yet to have a status' };
      if (!send.wamid)
        return {
          message: `the bot's last message was refused at once (no status follows): ${send.error?.message}`,
          call: callOf(send),
        };
      const wanted = (s: (typeof box.statuses)[number]) =>
        s.wamid === send.wamid && s.status === step.status && (step.code === undefined || s.error?.code === step.code);
      const status = await box.waitUntil(() => box.statuses.find(wanted), step.withinMs);
      if (status) return undefined;
      const seen = box.statuses.filter((s) => s.wamid === send.wamid);
      const what = `${step.status}${step.code ? ` with code ${step.code}` : ''}`;
      return {
        message:
          `no ${what} status for the bot's last message within ${formatDuration(step.withinMs)}` +
          ` (statuses seen: ${seen.length ? seen.map((s) => `${s.status}${s.error ? ` ${s.error.code}` : ''}`).join(', ') : 'none'})`,
        call: callOf(send),
      };
    }
    case 'expectError': {
      const send = await box.nextSend(step.withinMs);
      if (!send)
        return { message: `the bot sent nothing within ${formatDuration(step.withinMs)} to fail with ${step.code}` };
      state.lastTaken.set(step.customer, send);
      if (send.error)
        return send.error.code === step.code
          ? undefined
          : {
              message: `Meta refused the bot's send with ${send.error.code}, not ${step.code}`,
              mismatches: [
                {
                  field: 'error.code',
                  expected: String(step.code),
                  actual: `${send.error.code} ${send.error.message}`,
                },
              ],
              call: callOf(send),
            };
      const failed = await box.waitUntil(
        () => box.statuses.find((s) => s.wamid === send.wamid && s.status === 'failed'),
        step.withinMs,
      );
      if (failed?.error?.code === step.code) return undefined;
      return {
        message: failed
          ? `the bot's send failed with ${failed.error?.code ?? 'no code'}, not ${step.code}`
          : `Meta accepted the bot's send and no failed status followed within ${formatDuration(step.withinMs)}`,
        mismatches: [
          {
            field: 'error.code',
            expected: String(step.code),
            actual: failed ? String(failed.error?.code) : '(accepted)',
          },
        ],
        call: callOf(send),
      };
    }
  }
}
