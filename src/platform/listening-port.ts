import type { AddressInfo } from 'node:net';

/** The TCP port a listening server got (port 0 asks for a free one); throws when it is not listening on one. */
export function listeningPort(server: { address(): AddressInfo | string | null }): number {
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error(`expected a server listening on a TCP port, not ${address === null ? 'a closed one' : address}`);
  return address.port;
}
