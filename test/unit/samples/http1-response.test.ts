import { describe, expect, it } from 'vitest';
import { ResponseError, ResponseReader } from '../../../src/samples/http1-response.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

/** Feeds `text` in pieces of `size` bytes; returns every response completed. */
function feed(reader: ResponseReader, text: string, size = Infinity) {
  const data = bytes(text);
  const out = [];
  for (let at = 0; at < data.length; at += Math.min(size, data.length))
    out.push(...reader.push(data.subarray(at, at + size)));
  return out;
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\nEVENT_RECEIVED';
const CHUNKED =
  'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n';

describe('ResponseReader', () => {
  it.each([1, 2, 7, Infinity])('finds where responses end, whatever the packet sizes (%s bytes at a time)', (size) => {
    const reader = new ResponseReader();
    const got = feed(reader, `${OK}${CHUNKED}HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n${OK}`, size);
    expect(got).toEqual([
      { status: 200, keepAlive: true },
      { status: 201, keepAlive: true },
      { status: 204, keepAlive: true },
      { status: 200, keepAlive: true },
    ]);
    expect(reader.midResponse).toBe(false);
  });

  it('says when the connection cannot carry the next request', () => {
    expect(feed(new ResponseReader(), 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')).toEqual([
      { status: 200, keepAlive: false },
    ]);
    expect(feed(new ResponseReader(), 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok')).toEqual([
      { status: 200, keepAlive: false },
    ]);
    expect(
      feed(new ResponseReader(), 'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok'),
    ).toEqual([{ status: 200, keepAlive: true }]);
  });

  it('a body without length or chunking ends when the server closes', () => {
    const reader = new ResponseReader();
    expect(feed(reader, 'HTTP/1.0 200 OK\r\n\r\nsome text')).toEqual([]);
    expect(reader.midResponse).toBe(true);
    expect(reader.end()).toEqual({ status: 200, keepAlive: false });
    // Closed mid-way through a framed body: no response.
    const cut = new ResponseReader();
    feed(cut, 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
    expect(cut.end()).toBeUndefined();
    expect(cut.midResponse).toBe(true);
  });

  it.each([
    ['not HTTP', 'SSH-2.0-OpenSSH_9.2\r\n\r\n', /not an HTTP\/1.x status line/],
    ['two different lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n', /Content-Length/],
    ['a length that is no number', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', /Content-Length/],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /chunk size/],
    ['an endless head', `HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70 * 1024)}`, /larger than 64 KiB/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => feed(new ResponseReader(), text)).toThrow(ResponseError);
    expect(() => feed(new ResponseReader(), text)).toThrow(message);
  });
});
