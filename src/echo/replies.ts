/**
 * The bundled bot's echo replies: which incoming messages get one, the Graph API request bodies
 * (a text reply quoting the message, and the read receipt), and what a Graph error means for a bot
 * that does not reply (graph/error-catalog.ts).
 */
import type { Json } from '../events/summary.js';
import { isRateLimit, type GraphFailure } from '../graph/types.js';
import { errorCodeHint } from '../graph/error-catalog.js';
import { isRecord as isObject } from '../json-narrow.js';

export interface EchoTarget {
  /** Sender's wa_id, or the BSUID for a username user without one: the `to` of the reply. */
  from: string;
  /** The incoming wamid: quoted (context.message_id) and marked read. */
  messageId: string;
  text: string;
  /** The business number it was sent to (`metadata.phone_number_id`), when the payload says. */
  phoneNumberId?: string;
}

// One failure type and one wording for doctor and the bot: both go through graph/types.ts.
export type { GraphFailure } from '../graph/types.js';
export { describeGraphFailure as describeFailure } from '../graph/types.js';

const asArray = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Every text message in a (possibly batched) webhook payload; statuses and other types get no echo. */
export function echoTargets(payload: unknown): EchoTarget[] {
  const targets: EchoTarget[] = [];
  if (!isObject(payload)) return targets;
  for (const entry of asArray(payload.entry)) {
    for (const change of asArray(entry.changes)) {
      if (change.field !== 'messages' || !isObject(change.value)) continue;
      const metadata = isObject(change.value.metadata) ? change.value.metadata : {};
      const phoneNumberId = typeof metadata.phone_number_id === 'string' ? metadata.phone_number_id : undefined;
      for (const m of asArray(change.value.messages)) {
        const body = isObject(m.text) ? m.text.body : undefined;
        // Username users may arrive with `from: ""`: `to` accepts their BSUID (business-scoped-user-ids).
        const from = typeof m.from === 'string' && m.from !== '' ? m.from : m.from_user_id;
        if (m.type !== 'text' || typeof body !== 'string' || typeof from !== 'string' || from === '') continue;
        if (typeof m.id !== 'string') continue;
        targets.push({ from, messageId: m.id, text: body, ...(phoneNumberId ? { phoneNumberId } : {}) });
      }
    }
  }
  return targets;
}

/** WhatsApp caps a text body at 4096 characters. */
const MAX_TEXT = 4096;

export function echoReplyBody(target: EchoTarget): Record<string, unknown> {
  const text = `Echo: ${target.text}`;
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: target.from,
    context: { message_id: target.messageId },
    type: 'text',
    text: { preview_url: false, body: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text },
  };
}

export function readReceiptBody(target: EchoTarget): Record<string, unknown> {
  return { messaging_product: 'whatsapp', status: 'read', message_id: target.messageId };
}

/** The fix for a failed send, from the code (never the text: Meta may reword it) and Meta's error catalog. */
export function graphErrorHint(error: GraphFailure): string | undefined {
  if (error.kind === 'network')
    return 'check the network / HTTPS_PROXY, and --graph-url (WA_HOOK_GRAPH_URL) if you set one';
  if (error.kind === 'timeout') return 'the Graph API did not answer in time; try again, or check the network';
  if (error.code === 100 && error.subcode === 33)
    return 'WHATSAPP_PHONE_NUMBER_ID is wrong, or the token cannot see that number (assign the WABA to the system user)';
  return error.code === undefined ? undefined : errorCodeHint(error.code);
}

/** After these, marking the message read would fail the same way: skip it. */
export function stopsFurtherCalls(error: GraphFailure): boolean {
  return error.kind !== 'graph' || error.code === 190 || isRateLimit(error);
}
