/**
 * Plays a scenario's deliveries in order, each after its compressed delay. A resend is the same delivery
 * again: identical bytes, identical signature (Meta's at-least-once delivery and retries). Used by
 * `send-sample --scenario` and the inspector's scenario button; what each does with a result is its own.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ScenarioDelivery } from '../scenario.js';
import type { Sender, SendResult } from './sender-io.js';

export interface PlayOptions {
  sender: Sender;
  sign: (body: Buffer) => string | undefined;
  /** Stops before the next step (a Ctrl-C while waiting ends the wait at once). */
  signal?: AbortSignal;
  /** Read the answer's body too (the CLI shows it when a step is refused). */
  readBody?: boolean;
  onSent: (delivery: ScenarioDelivery, result: SendResult) => void;
}

/** Resolves with the number of steps sent: fewer than `deliveries.length` when the signal stopped it. */
export async function playScenario(deliveries: ScenarioDelivery[], options: PlayOptions): Promise<number> {
  const signatures: Array<string | undefined> = [];
  for (const delivery of deliveries) {
    const afterMs = delivery.planned.step.afterMs;
    if (afterMs > 0) {
      try {
        await sleep(afterMs, undefined, { signal: options.signal });
      } catch {
        break; // aborted while waiting
      }
    }
    if (options.signal?.aborted) break;
    const signature = delivery.repeats !== undefined ? signatures[delivery.repeats] : options.sign(delivery.body);
    signatures.push(signature);
    options.onSent(delivery, await options.sender.send(delivery.body, signature, options.readBody));
  }
  return signatures.length;
}
