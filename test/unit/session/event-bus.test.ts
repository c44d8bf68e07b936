import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/session/event-bus.js';

/** A promise and the function that settles it, to hold a subscriber mid-delivery. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('EventBus', () => {
  it('delivers synchronously, in subscription order, when no subscriber returns a promise', () => {
    const bus = new EventBus<number>(() => {});
    const seen: string[] = [];
    bus.on((n) => void seen.push(`a${n}`));
    bus.on((n) => void seen.push(`b${n}`));
    bus.emit(1);
    bus.emit(2);
    expect(seen).toEqual(['a1', 'b1', 'a2', 'b2']);
  });

  it('an async subscriber holds back the later subscribers and every later event until it settles', async () => {
    const bus = new EventBus<number>(() => {});
    const seen: string[] = [];
    const first = gate();
    bus.on((n) => {
      seen.push(`write${n}`);
      return n === 1 ? first.promise : undefined;
    });
    bus.on((n) => void seen.push(`print${n}`));
    bus.emit(1);
    bus.emit(2);
    expect(seen).toEqual(['write1']);
    first.open();
    await bus.drained();
    expect(seen).toEqual(['write1', 'print1', 'write2', 'print2']);
  });

  it('reports a throwing or rejecting subscriber and goes on with the next one', async () => {
    const errors: string[] = [];
    const bus = new EventBus<string>((error, event) => errors.push(`${event}: ${(error as Error).message}`));
    const seen: string[] = [];
    bus.on((e) => {
      if (e === 'x') throw new Error('sync');
    });
    bus.on((e) => (e === 'y' ? Promise.reject(new Error('async')) : undefined));
    bus.on((e) => void seen.push(e));
    bus.emit('x');
    bus.emit('y');
    await bus.drained();
    expect(seen).toEqual(['x', 'y']);
    expect(errors).toEqual(['x: sync', 'y: async']);
  });

  it('on() returns the unsubscribe; drained() resolves at once when nothing waits', async () => {
    const bus = new EventBus<number>(() => {});
    const seen: number[] = [];
    const off = bus.on((n) => void seen.push(n));
    bus.emit(1);
    off();
    bus.emit(2);
    await bus.drained();
    expect(seen).toEqual([1]);
  });
});
