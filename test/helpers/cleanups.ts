import { afterEach } from 'vitest';

export type Defer = (...cleanups: Array<() => unknown>) => void;

/**
 * Registers an afterEach that runs every cleanup deferred during the test (servers, projects), all at once.
 * Returns `defer`: call it right after starting something.
 */
export function useCleanups(): Defer {
  const pending: Array<() => unknown> = [];
  afterEach(async () => {
    await Promise.all(pending.splice(0).map((cleanup) => cleanup()));
  });
  return (...cleanups) => void pending.push(...cleanups);
}
