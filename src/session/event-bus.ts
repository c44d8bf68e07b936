/**
 * Delivers a session's events to its subscribers in order. A subscriber may return a promise: later
 * subscribers of that event, and every later event, wait for it (state.json written before the `ready` line;
 * no event overtakes another). Subscribers that return nothing — the per-request path — cost no promise.
 */
export type Subscriber<E> = (event: E) => void | Promise<void>;

export class EventBus<E> {
  private readonly subscribers: Array<Subscriber<E>> = [];
  /** Settles once every event emitted so far has reached every subscriber; undefined when nothing waits. */
  private tail: Promise<void> | undefined;

  /** `onError` hears what a subscriber threw or rejected with; delivery goes on with the next one. */
  constructor(private readonly onError: (error: unknown, event: E) => void) {}

  /** Adds a subscriber for the events emitted from now on; returns the function that removes it. */
  on(subscriber: Subscriber<E>): () => void {
    this.subscribers.push(subscriber);
    return () => {
      const at = this.subscribers.indexOf(subscriber);
      if (at >= 0) this.subscribers.splice(at, 1);
    };
  }

  emit(event: E): void {
    if (this.tail) {
      this.track(this.tail.then(() => this.deliver(event, [...this.subscribers], 0)));
      return;
    }
    const pending = this.deliver(event, this.subscribers, 0);
    if (pending) this.track(pending);
  }

  /** Resolves when every event emitted so far has been delivered. */
  async drained(): Promise<void> {
    while (this.tail) await this.tail;
  }

  private track(pending: Promise<void>): void {
    const tail: Promise<void> = pending.then(() => {
      if (this.tail === tail) this.tail = undefined;
    });
    this.tail = tail;
  }

  /** Never rejects: a failing subscriber is reported and skipped. */
  private deliver(event: E, subscribers: ReadonlyArray<Subscriber<E>>, from: number): Promise<void> | undefined {
    for (let i = from; i < subscribers.length; i++) {
      const subscriber = subscribers[i];
      if (subscriber === undefined) continue;
      let result: void | Promise<void>;
      try {
        result = subscriber(event);
      } catch (error) {
        this.onError(error, event);
        continue;
      }
      if (result !== undefined) {
        // The rest is a snapshot: a subscriber added meanwhile starts with the next event.
        const rest = subscribers === this.subscribers ? [...subscribers] : subscribers;
        return result.then(
          () => this.deliver(event, rest, i + 1),
          (error: unknown) => {
            this.onError(error, event);
            return this.deliver(event, rest, i + 1);
          },
        );
      }
    }
    return undefined;
  }
}
