import type { Server } from 'node:net';
import { listeningPort } from '../platform/listening-port.js';

/**
 * Starts `server` on 127.0.0.1:`port` (0: any free port) and resolves with the port it got; rejects with the
 * listen error (EADDRINUSE, EACCES) instead of leaving it to an unhandled 'error' event.
 */
export function listenOnLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(listeningPort(server));
    });
  });
}
