import { expect } from 'vitest';
import { TunnelStartError, type Tunnel, type TunnelFailure } from '../../src/tunnels/types.js';

/** Starts a tunnel that must fail and returns the failure it reported (asserting it is a TunnelStartError). */
export async function startFailure(t: Tunnel): Promise<TunnelFailure> {
  const error = await t.start().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TunnelStartError);
  return (error as TunnelStartError).failure;
}
