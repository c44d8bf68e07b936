/**
 * The bundled bot's echo replies: which incoming messages get one, the Graph API request bodies
 * (a text reply quoting the message, and the read receipt), and what a Graph error means for a bot
 * that does not reply.
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 */
import type { Json } from '../events/summary.js';
import type { GraphFailure } from '../graph/types.js';

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

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
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

const RATE_LIMIT_CODES = new Set([4, 80007, 130429]);

/** The fix for a failed send, branching on the code (never on the text: Meta may reword it). */
export function graphErrorHint(error: GraphFailure): string | undefined {
  if (error.kind === 'network')
    return 'check the network / HTTPS_PROXY, and --graph-url (WA_HOOK_GRAPH_URL) if you set one';
  if (error.kind === 'timeout') return 'the Graph API did not answer in time; try again, or check the network';
  const code = error.code;
  if (code === 190) {
    return 'the access token is invalid or expired (API Setup tokens last ~24 h): create a system-user token and set WHATSAPP_ACCESS_TOKEN';
  }
  if (code === 131047)
    return 'more than 24 hours since the user last wrote: the window is closed, send an approved template message instead';
  if (code === 131030)
    return "the recipient is not in the test number's allowed list: add it in WhatsApp → API Setup (up to 5 numbers)";
  if (code === 131042)
    return 'payment/eligibility problem on the WABA: add a payment method in Business settings → WhatsApp accounts → Billing';
  if (code === 131031)
    return 'the WhatsApp Business Account is locked: see WhatsApp Manager → Account quality and request a review';
  if (code === 133010)
    return 'the number is not registered with Cloud API: POST /{phone-number-id}/register with a 6-digit PIN (`wa-hook doctor` shows the command)';
  if (code !== undefined && RATE_LIMIT_CODES.has(code))
    return 'rate limit hit: slow down and retry later (Graph rate limits reset within minutes to an hour)';
  if (code === 100 && error.subcode === 33)
    return 'WHATSAPP_PHONE_NUMBER_ID is wrong, or the token cannot see that number (assign the WABA to the system user)';
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299))
    return 'the token lacks whatsapp_business_messaging on this WABA: regenerate it with that permission';
  if (code === 131026 || code === 131049 || code === 131056)
    return 'the message could not be delivered to this user (not on WhatsApp, withheld, or too many messages to them)';
  return undefined;
}

/** After these, marking the message read would fail the same way: skip it. */
export function stopsFurtherCalls(error: GraphFailure): boolean {
  return error.kind !== 'graph' || error.code === 190 || (error.code !== undefined && RATE_LIMIT_CODES.has(error.code));
}
