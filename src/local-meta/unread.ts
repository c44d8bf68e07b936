/**
 * Reading as the customer's act. On a real phone a business message is read when the customer opens the chat,
 * not after a delay; when the inspector's Phone shows the chats, local Meta works that way: a send gets `sent`
 * and `delivered` on their timers, and `read` only when the phone opens that chat (customerReads). Pure: this
 * only keeps which messages wait to be read; local-meta-io.ts sends the webhooks.
 */
import type { StatusStep } from './status-webhooks.js';

/** How a delivered message gets its `read`: on the timing's readMs, or when the customer opens the chat. */
export type ReadMode = 'timer' | 'opened';

/** The `read` the customer's opening of the chat sends (pricing went with `sent` and `delivered`). */
export const OPENED_READ_STEP: StatusStep = { status: 'read', afterMs: 0, priced: false };

/**
 * The steps of a send when the customer reads by opening the chat: no timed `read` (nor `played`, which needs
 * a play); when the timing skipped `delivered` because it read at once, `delivered` comes back, priced.
 */
export function stepsWithoutTimedRead(steps: readonly StatusStep[], deliveredMs: number): StatusStep[] {
  const kept = steps.filter((s) => s.status !== 'read' && s.status !== 'played');
  const hadRead = kept.length !== steps.length;
  if (hadRead && !kept.some((s) => s.status === 'delivered')) {
    const sentMs = kept.find((s) => s.status === 'sent')?.afterMs ?? 0;
    kept.push({ status: 'delivered', afterMs: Math.max(deliveredMs, sentMs), priced: true });
  }
  return kept;
}

/** A message can be read once it is delivered: it has a `delivered` step (failed sends and reactions never do). */
export function isReadable(steps: readonly StatusStep[]): boolean {
  return steps.some((s) => s.status === 'delivered');
}

interface Waiting<T> {
  job: T;
  delivered: boolean;
  /** The chat was opened before `delivered` went out: `read` follows it at once (Meta never reads before delivery). */
  readAsked: boolean;
}

/** Unread messages kept per customer; the oldest drop off past this (a chat nobody opens must not grow forever). */
const MAX_UNREAD_PER_CUSTOMER = 10_000;

export class UnreadBook<T> {
  private readonly byCustomer = new Map<string, Map<string, Waiting<T>>>();

  /** A readable send to `waId`, before its first status. */
  track(waId: string, wamid: string, job: T): void {
    const chat = this.byCustomer.get(waId) ?? new Map<string, Waiting<T>>();
    const oldest = chat.size >= MAX_UNREAD_PER_CUSTOMER ? chat.keys().next() : undefined;
    if (oldest && !oldest.done) chat.delete(oldest.value);
    chat.set(wamid, { job, delivered: false, readAsked: false });
    this.byCustomer.set(waId, chat);
  }

  /** Its `delivered` went out: true when the chat was opened meanwhile (send `read` now; it is then forgotten). */
  delivered(waId: string, wamid: string): boolean {
    const chat = this.byCustomer.get(waId);
    const waiting = chat?.get(wamid);
    if (!chat || !waiting) return false;
    if (waiting.readAsked) {
      chat.delete(wamid);
      return true;
    }
    waiting.delivered = true;
    return false;
  }

  /**
   * The customer opens the chat: the delivered messages to read now (forgotten here), in send order; the ones
   * still on their way are read as soon as they are delivered.
   */
  open(waId: string): { readNow: T[]; readOnDelivery: number } {
    const chat = this.byCustomer.get(waId);
    const readNow: T[] = [];
    let readOnDelivery = 0;
    if (!chat) return { readNow, readOnDelivery };
    for (const [wamid, waiting] of chat) {
      if (waiting.delivered) {
        readNow.push(waiting.job);
        chat.delete(wamid);
      } else {
        waiting.readAsked = true;
        readOnDelivery += 1;
      }
    }
    return { readNow, readOnDelivery };
  }

  /** Everything forgotten (the mode went back to the timer). */
  clear(): void {
    this.byCustomer.clear();
  }
}
