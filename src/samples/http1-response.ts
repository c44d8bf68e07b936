/**
 * Reads HTTP/1.x responses off one keep-alive connection, for the burst client (burst-client-io.ts): it only
 * needs each response's status and where it ends, so bodies are skipped, never collected. Framing follows
 * RFC 9112 §6.3: no body for 1xx/204/304; chunked when Transfer-Encoding ends in chunked; else Content-Length;
 * else the body runs until the server closes. Interim 1xx responses (100 Continue) are passed over.
 */

/** Bigger response heads are refused (node:http's own default limit is 16 KiB). */
export const MAX_HEAD_BYTES = 64 * 1024;

export interface ParsedResponse {
  status: number;
  /** The connection may carry the next request (HTTP/1.1 without `Connection: close`, or 1.0 with keep-alive). */
  keepAlive: boolean;
}

export class ResponseError extends Error {
  readonly code = 'HPE_INVALID_RESPONSE';
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: |$)/;

type State =
  | { kind: 'head' }
  | { kind: 'length'; left: number }
  | { kind: 'chunk-size' }
  | { kind: 'chunk-data'; left: number }
  | { kind: 'trailers' }
  | { kind: 'until-close' };

interface Head {
  status: number;
  keepAlive: boolean;
  chunked: boolean;
  length?: number;
}

/** Every value of header `name` (lowercase) in a lowercased head, in order. */
function values(head: string, name: string): string[] {
  const found: string[] = [];
  const key = `\r\n${name}:`;
  for (let at = head.indexOf(key); at !== -1; at = head.indexOf(key, at + key.length)) {
    const end = head.indexOf('\r\n', at + key.length);
    found.push(head.slice(at + key.length, end === -1 ? undefined : end).trim());
  }
  return found;
}

/**
 * The status line and the three headers that frame the body. One lowercasing pass and three searches:
 * splitting every header line was most of a burst's parsing time, and the other headers are not needed.
 */
function parseHead(text: string): Head {
  const m = STATUS_LINE.exec(text);
  if (!m)
    throw new ResponseError(`not an HTTP/1.x status line: ${JSON.stringify(text.split('\r\n', 1)[0]!.slice(0, 80))}`);
  const head = text.toLowerCase();
  const lengths = values(head, 'content-length');
  if (lengths.some((v) => !/^\d{1,15}$/.test(v) || v !== lengths[0]))
    throw new ResponseError(`invalid Content-Length: ${JSON.stringify(lengths.join(', ').slice(0, 40))}`);
  const tokens = values(head, 'connection').flatMap((v) => v.split(',').map((t) => t.trim()));
  const encoding = values(head, 'transfer-encoding').join(',').split(',').at(-1)!.trim();
  return {
    status: Number(m[2]),
    keepAlive: m[1] === '1' ? !tokens.includes('close') : tokens.includes('keep-alive'),
    chunked: encoding === 'chunked',
    length: lengths.length > 0 ? Number(lengths[0]) : undefined,
  };
}

export class ResponseReader {
  private state: State = { kind: 'head' };
  private pending: Buffer | undefined;
  private current: Head | undefined;

  /** True while a response has started arriving but is not complete. */
  get midResponse(): boolean {
    return this.current !== undefined || (this.pending !== undefined && this.pending.length > 0);
  }

  /** Bytes from the socket → the responses they complete (usually zero or one). Throws ResponseError. */
  push(chunk: Buffer): ParsedResponse[] {
    const data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    const done: ParsedResponse[] = [];
    let at = 0;
    while (at < data.length) {
      const state = this.state;
      if (state.kind === 'head') {
        const end = data.indexOf(CRLFCRLF, at);
        if (end === -1) {
          if (data.length - at > MAX_HEAD_BYTES) throw new ResponseError('response head larger than 64 KiB');
          break;
        }
        const head = parseHead(data.toString('latin1', at, end));
        at = end + 4;
        if (head.status < 200) continue; // 100 Continue, 103 Early Hints: the real answer follows
        this.current = head;
        if (head.status === 204 || head.status === 304) this.finish(done);
        else if (head.chunked) this.state = { kind: 'chunk-size' };
        else if (head.length !== undefined) {
          this.state = { kind: 'length', left: head.length };
          if (head.length === 0) this.finish(done);
        } else this.state = { kind: 'until-close' };
      } else if (state.kind === 'length' || state.kind === 'chunk-data') {
        const take = Math.min(state.left, data.length - at);
        state.left -= take;
        at += take;
        if (state.left > 0) break;
        if (state.kind === 'length') this.finish(done);
        else this.state = { kind: 'chunk-size' };
      } else if (state.kind === 'chunk-size' || state.kind === 'trailers') {
        const end = data.indexOf(CRLF, at);
        if (end === -1) {
          if (data.length - at > MAX_HEAD_BYTES) throw new ResponseError('chunk line longer than 64 KiB');
          break;
        }
        const line = data.toString('latin1', at, end);
        at = end + 2;
        if (state.kind === 'trailers') {
          if (line === '') this.finish(done);
          continue;
        }
        if (line === '') continue; // the CRLF that ends the previous chunk's data
        const size = parseInt(line.split(';', 1)[0]!.trim(), 16);
        if (!Number.isSafeInteger(size) || size < 0)
          throw new ResponseError(`invalid chunk size: ${JSON.stringify(line.slice(0, 40))}`);
        this.state = size === 0 ? { kind: 'trailers' } : { kind: 'chunk-data', left: size };
      } else {
        at = data.length; // until-close: the body ends with the connection
      }
    }
    if (at < data.length) this.pending = data.subarray(at);
    return done;
  }

  /** The server closed the connection: the response it completes (a body read until close), if any. */
  end(): ParsedResponse | undefined {
    if (this.state.kind !== 'until-close' || this.current === undefined) return undefined;
    const response = { status: this.current.status, keepAlive: false };
    this.current = undefined;
    this.state = { kind: 'head' };
    return response;
  }

  private finish(done: ParsedResponse[]): void {
    const head = this.current!;
    done.push({ status: head.status, keepAlive: head.keepAlive });
    this.current = undefined;
    this.state = { kind: 'head' };
  }
}
