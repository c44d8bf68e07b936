/**
 * What the bot did, in order, as local Meta reports it: its sends (queued until a step takes them), its read
 * receipts and the statuses Meta sent back. Steps wait on it for an event, never for a fixed time; a wait
 * ends on the matching event or at its deadline.
 */
import { readBotCall, type BotRead, type BotSend, type RecordedCall } from './bot-send.js';

export interface StatusSeen {
  wamid: string;
  status: string;
  to: string;
  error?: { code: number; title?: string; message?: string; details?: string };
}

type Waiter = () => boolean;

export class Mailbox {
  /** Sends no step has taken yet, oldest first. */
  private readonly queue: BotSend[] = [];
  readonly sends: BotSend[] = [];
  readonly reads: BotRead[] = [];
  readonly statuses: StatusSeen[] = [];
  private readonly waiters = new Set<Waiter>();

  onCall(call: RecordedCall): void {
    const read = readBotCall(call);
    if (!read) return;
    if (read.kind === 'send') {
      this.queue.push(read.send);
      this.sends.push(read.send);
    } else this.reads.push(read.read);
    this.wake();
  }

  onStatus(status: StatusSeen): void {
    this.statuses.push(status);
    this.wake();
  }

  /** Forget sends nobody took (a new conversation starts clean). */
  clearQueue(): void {
    this.queue.length = 0;
  }

  pending(): readonly BotSend[] {
    return this.queue;
  }

  /** The bot's next send not taken yet, waiting up to `timeoutMs`; undefined when none came. */
  nextSend(timeoutMs: number): Promise<BotSend | undefined> {
    return this.waitUntil(() => this.queue.shift(), timeoutMs);
  }

  /** Resolves with `find()`'s first defined value, checked now and after each event, or undefined at the deadline. */
  waitUntil<T>(find: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    const now = find();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(undefined);
      }, timeoutMs);
      const check: Waiter = () => {
        const value = find();
        if (value === undefined) return false;
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      this.waiters.add(check);
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) if (waiter()) this.waiters.delete(waiter);
  }
}
