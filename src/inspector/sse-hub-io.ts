import type { ServerResponse } from 'node:http';

/**
 * Server-Sent Events fan-out for the inspector page. A slow or vanished browser tab must never hold
 * up the receiver: writes are fire-and-forget and a client whose buffer fills up is dropped (the page
 * reconnects by itself and reloads the list).
 */
export class SseHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(heartbeatMs = 15_000) {
    // A comment line every so often keeps proxies and the browser from timing the stream out.
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), heartbeatMs).unref();
  }

  /** Lets callers skip building an event nobody is watching (the receiver's hot path). */
  get hasClients(): boolean {
    return this.clients.size > 0;
  }

  get size(): number {
    return this.clients.size;
  }

  add(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  send(event: string, data: unknown): void {
    // JSON.stringify never emits a raw newline, so one `data:` line is always enough.
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private write(chunk: string): void {
    for (const res of this.clients) {
      if (res.writableLength > 1024 * 1024) {
        res.destroy();
        this.clients.delete(res);
        continue;
      }
      res.write(chunk);
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
