/**
 * `up --echo`: the bundled bot answers each incoming text through the Graph API — a reply quoting the
 * message, then the read receipt — and reports what the API said, with a hint when it refused.
 * Runs after the receiver answered 200 (onRecord), so Meta's delivery is never held up by the Graph call.
 */
import type { EventRecord } from '../events/record/record.js';
import {
  echoReplyBody,
  echoTargets,
  graphErrorHint,
  readReceiptBody,
  stopsFurtherCalls,
  describeFailure,
  type EchoTarget,
  type GraphFailure,
} from './replies.js';
import type { GraphClient } from '../graph/client-io.js';
import { isMessagesAnswer } from '../graph/shapes.js';
import { createReplyLimiter, ECHO_REPLIES_PER_MINUTE } from './rate-limit.js';

export type EchoReport =
  | { type: 'echo'; action: 'reply' | 'read'; ok: true; to: string; messageId: string; wamid?: string }
  | {
      type: 'echo';
      action: 'reply' | 'read';
      ok: false;
      to: string;
      messageId: string;
      error: string;
      code?: number;
      hint?: string;
    }
  | {
      type: 'echo';
      action: 'reply';
      ok: false;
      /** Not sent on purpose (not our number, over the rate limit): no Graph API call was made. */
      skipped: true;
      to: string;
      messageId: string;
      error: string;
      hint?: string;
    };

export interface EchoBot {
  handle(record: EventRecord, payload: unknown): void;
  /** Aborts replies in flight and waits for them to settle. */
  close(): Promise<void>;
}

/** What POST /{phone-number-id}/messages answers: a message id for a send, `{"success":true}` for a read receipt. */
export interface EchoBotOptions {
  /** Only `call` and `close` are used; close() aborts the calls in flight. */
  client: Pick<GraphClient, 'call' | 'close'>;
  token: string;
  phoneNumberId: string;
  report: (report: EchoReport) => void;
  /** Injected in tests; Date.now otherwise. */
  now?: () => number;
  /** Replies per rolling minute (ECHO_REPLIES_PER_MINUTE by default). */
  repliesPerMinute?: number;
}

export function createEchoBot(options: EchoBotOptions): EchoBot {
  const inFlight = new Set<Promise<void>>();
  let closing = false;
  const messagesPath = `${encodeURIComponent(options.phoneNumberId)}/messages`;
  const limiter = createReplyLimiter(options.now ?? Date.now, options.repliesPerMinute);

  /** Why a message gets no reply before any Graph call, or undefined when it may get one. */
  const refusal = (target: EchoTarget): { error: string; hint?: string } | undefined => {
    // Only messages to the configured number: a payload naming another one is not for this bot (or forged).
    if (target.phoneNumberId !== options.phoneNumberId) {
      return {
        error: `addressed to phone number ${target.phoneNumberId ?? '(none)'}, not ${options.phoneNumberId}: no reply`,
        hint: 'the bot answers only messages to WHATSAPP_PHONE_NUMBER_ID; set it to the number that receives them',
      };
    }
    const taken = limiter.take();
    if (taken.ok) return undefined;
    // Said once per run of refused replies, not once per message.
    return taken.firstRefusal
      ? {
          error: `more than ${options.repliesPerMinute ?? ECHO_REPLIES_PER_MINUTE} replies in a minute: not replying until the rate drops`,
        }
      : { error: '' };
  };

  const call = async (
    action: 'reply' | 'read',
    target: EchoTarget,
    body: unknown,
  ): Promise<GraphFailure | undefined> => {
    const outcome = await options.client.call('POST', messagesPath, {
      token: options.token,
      json: body,
      shape: isMessagesAnswer,
    });
    if (closing) return undefined; // aborted by Ctrl-C: not a Graph API failure worth reporting
    const base = { type: 'echo' as const, action, to: target.from, messageId: target.messageId };
    if (outcome.ok) {
      options.report({ ...base, ok: true, wamid: outcome.data.messages?.[0]?.id });
      return undefined;
    }
    const code = outcome.error.kind === 'graph' ? outcome.error.code : undefined;
    options.report({
      ...base,
      ok: false,
      error: describeFailure(outcome.error),
      code,
      hint: graphErrorHint(outcome.error),
    });
    return outcome.error;
  };

  const answer = async (target: EchoTarget): Promise<void> => {
    const failure = await call('reply', target, echoReplyBody(target));
    // A dead token or a rate limit would only fail the read receipt the same way.
    if (failure && stopsFurtherCalls(failure)) return;
    await call('read', target, readReceiptBody(target));
  };

  return {
    handle(record, payload) {
      if (closing || record.kind !== 'event' || record.status >= 300) return;
      for (const target of echoTargets(payload)) {
        const refused = refusal(target);
        if (refused) {
          if (refused.error) {
            options.report({
              type: 'echo',
              action: 'reply',
              ok: false,
              skipped: true,
              to: target.from,
              messageId: target.messageId,
              ...refused,
            });
          }
          continue;
        }
        const job = answer(target).catch(() => undefined);
        inFlight.add(job);
        void job.finally(() => inFlight.delete(job));
      }
    },
    async close() {
      closing = true;
      await options.client.close();
      await Promise.all([...inFlight]);
    },
  };
}
