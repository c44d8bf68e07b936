/**
 * Raw TCP servers on 127.0.0.1 that never finish an HTTP answer, each in a way that keeps an idle timer happy
 * (bytes keep coming) or gives it nothing to time (silence): what a client with only undici's idle timers
 * waits on forever, and an overall deadline must end.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export const MISBEHAVIOURS = {
  /** Accepts the connection and never reads or writes a byte. */
  'accepts and never answers': (_socket: Socket, _drip: Drip) => {},
  /** Answers the status line one byte at a time, forever. */
  'trickles the head': (socket: Socket, drip: Drip) => drip(socket, 'HTTP/1.1 200 OK\r\nX-Slow: '.split(''), 'x'),
  /** Sends the whole head, then the promised body one byte at a time. */
  'answers the head, then trickles the body': (socket: Socket, drip: Drip) => {
    socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n');
    drip(socket, [], 'x');
  },
  /** Sends the head of a chunked answer, then one tiny chunk after another and never the last one. */
  'trickles a chunked body forever': (socket: Socket, drip: Drip) => {
    socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
    drip(socket, [], '1\r\nx\r\n');
  },
  /** Sends one interim 1xx answer after another, never the final one. */
  'sends interim 102 answers forever': (socket: Socket, drip: Drip) =>
    drip(socket, [], 'HTTP/1.1 102 Processing\r\n\r\n'),
} as const;

export type Misbehaviour = keyof typeof MISBEHAVIOURS;

/** Writes `first` piece by piece, then `forever` again and again, one piece per tick of 20 ms. */
type Drip = (socket: Socket, first: string[], forever: string) => void;

const drip: Drip = (socket, first, forever) => {
  const pieces = [...first];
  const timer = setInterval(() => {
    if (!socket.writable) return;
    socket.write(pieces.shift() ?? forever);
  }, 20);
  socket.on('close', () => clearInterval(timer));
};

export interface MisbehavingServer {
  url: string;
  close(): Promise<void>;
}

/** Starts one on port 0; it begins misbehaving once the request's first bytes arrive. */
export async function startMisbehavingServer(kind: Misbehaviour): Promise<MisbehavingServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (kind === 'accepts and never answers') return;
    socket.once('data', () => MISBEHAVIOURS[kind](socket, drip));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
