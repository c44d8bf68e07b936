import { connect, type Socket } from 'node:net';

/**
 * Writes `text` on a fresh TCP connection to 127.0.0.1:`port` and resolves with everything read until the
 * server closes it ('' when it closes at once). A reset counts as closing; any other socket error rejects.
 * The socket goes into `track` so the test can destroy leftovers; `timeoutMs` closes an idle one.
 */
export function exchangeRaw(
  port: number,
  text: string,
  options: { track: Socket[]; timeoutMs?: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    options.track.push(socket);
    let got = '';
    socket.on('data', (c: Buffer) => (got += c.toString('latin1')));
    socket.once('close', () => resolve(got));
    socket.once('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? resolve(got) : reject(e)));
    if (options.timeoutMs !== undefined) socket.setTimeout(options.timeoutMs, () => socket.destroy());
  });
}

/** Meta's verification GET for /webhook, as raw HTTP/1.1 bytes. */
export const rawHandshake = (token: string, challenge: string) =>
  `GET /webhook?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=${challenge} HTTP/1.1\r\nHost: x\r\n\r\n`;
