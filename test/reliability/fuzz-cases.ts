/**
 * Malformed requests for the fuzz property, generated from a seed so a failure can be replayed. Each case
 * says what a robust receiver must do with it: answer 4xx, or (oversize, cut-off, CONNECT) close the
 * connection. Nothing here is valid: a request that would rightly get 200 does not belong in this list.
 */
import { metaText, sign } from './helpers.js';

export type Expect = '4xx' | '4xx-or-closed' | 'cut';

export interface FuzzCase {
  kind: string;
  chunks: Array<Buffer | string>;
  expect: Expect;
  cutAfterMs?: number;
  /** Half-close after writing: broken framing may leave the parser waiting for bytes that never come. */
  endAfterWrite?: boolean;
}

/** mulberry32: small, fast, seedable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function head(method: string, path: string, headers: Array<[string, string]>, body?: Buffer): Buffer {
  const lines = [
    `${method} ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: close',
    ...headers.map(([k, v]) => `${k}: ${v}`),
  ];
  if (body) lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body ?? Buffer.alloc(0)]);
}

export function makeCases(seed: number, count: number, path = '/webhook'): FuzzCase[] {
  const rand = prng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
  const valid = (i: number) => metaText(`wamid.FUZZ${seed}x${i}`);
  const badTypes = [
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/json; charset=utf-16',
    'multipart/form-data; boundary=x',
    '',
    'x/y',
  ];
  const badSignatures = (body: Buffer): Array<string | undefined> => [
    undefined,
    '',
    `sha1=${hex(40)}`,
    `sha256=${hex(63)}`,
    `sha256=${hex(64)}`,
    `SHA256 ${sign(body).slice(7)}`,
    `sha256=${sign(Buffer.concat([body, Buffer.from(' ')])).slice(7)}`,
    `${sign(body)}, ${sign(body)}`,
    `sha256=${'z'.repeat(64)}`,
  ];
  const generators: Array<(i: number) => FuzzCase> = [
    // Random bytes as body, unsigned or wrongly signed.
    () => {
      const body = bytes(int(2048));
      const sig = pick(badSignatures(body));
      return {
        kind: 'random-body',
        chunks: [
          head(
            'POST',
            path,
            [
              ['Content-Type', pick(['application/json', ...badTypes])],
              ...(sig === undefined ? [] : [['X-Hub-Signature-256', sig] as [string, string]]),
            ],
            body,
          ),
        ],
        expect: '4xx',
      };
    },
    // A real payload cut short, correctly signed over the truncated bytes: not JSON.
    (i) => {
      const full = valid(i);
      const body = full.subarray(0, int(full.length - 1));
      return {
        kind: 'truncated-json',
        chunks: [
          head(
            'POST',
            path,
            [
              ['Content-Type', 'application/json'],
              ['X-Hub-Signature-256', sign(body)],
            ],
            body,
          ),
        ],
        expect: '4xx',
      };
    },
    // Invalid UTF-8 inside an otherwise valid, signed payload.
    (i) => {
      const body = Buffer.from(valid(i));
      const at = body.indexOf('Does it') + int(10);
      const bad = pick([
        [0xff],
        [0xc3, 0x28],
        [0xe2, 0x28, 0xa1],
        [0xf0, 0x28, 0x8c, 0x28],
        [0xed, 0xa0, 0x80],
        [0xc0, 0xaf],
      ]);
      const mangled = Buffer.concat([body.subarray(0, at), Buffer.from(bad), body.subarray(at + bad.length)]);
      return {
        kind: 'invalid-utf8',
        chunks: [
          head(
            'POST',
            path,
            [
              ['Content-Type', 'application/json'],
              ['X-Hub-Signature-256', sign(mangled)],
            ],
            mangled,
          ),
        ],
        expect: '4xx',
      };
    },
    // A valid payload with a wrong/absent Content-Type and a wrong/absent signature.
    (i) => {
      const body = valid(i);
      const sig = pick(badSignatures(body));
      const type = pick(badTypes);
      const headers: Array<[string, string]> = [];
      if (type !== '') headers.push(['Content-Type', type]);
      if (sig !== undefined) headers.push(['X-Hub-Signature-256', sig]);
      return { kind: 'bad-headers', chunks: [head('POST', path, headers, body)], expect: '4xx' };
    },
    // Headers past Node's 16 KiB limit (431).
    () => ({
      kind: 'huge-headers',
      chunks: [
        head(
          'POST',
          path,
          [
            ['X-Pad', 'a'.repeat(17_000 + int(40_000))],
            ['Content-Type', 'application/json'],
          ],
          Buffer.from('{}'),
        ),
      ],
      expect: '4xx-or-closed',
    }),
    // Declared far past the 4 MiB bound: refused before the body is read.
    () => ({
      kind: 'oversize-declared',
      chunks: [
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${5_000_000 + int(1e9)}\r\n\r\n{"object":`,
      ],
      expect: '4xx-or-closed',
    }),
    // Slow-loris body: promises more bytes than it sends, then goes away.
    () => ({
      kind: 'slow-loris-cut',
      chunks: [
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${1000 + int(5000)}\r\n\r\n{"object":"whats`,
      ],
      expect: 'cut',
      cutAfterMs: 5 + int(40),
    }),
    // Deep nesting, unbalanced (never valid JSON), signed; or balanced but unsigned.
    (i) => {
      const depth = 1000 + int(200_000);
      const open = pick(['[', '{"a":']);
      const balanced = i % 2 === 0;
      const body = Buffer.from(
        balanced && open === '[' ? `${open.repeat(depth)}${']'.repeat(depth)}` : `${open.repeat(depth)}1`,
      );
      const headers: Array<[string, string]> = [['Content-Type', 'application/json']];
      if (!balanced || open !== '[') headers.push(['X-Hub-Signature-256', sign(body)]);
      return { kind: 'deep-nesting', chunks: [head('POST', path, headers, body)], expect: '4xx' };
    },
    // Methods other than GET/POST on the callback path.
    () => ({
      kind: 'wrong-method',
      chunks: [
        head(
          pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'HEAD', 'PROPFIND', 'PURGE']),
          path,
          [['Content-Type', 'application/json']],
          Buffer.from('{}'),
        ),
      ],
      expect: '4xx',
    }),
    // CONNECT has no handler: Node closes the socket.
    () => ({
      kind: 'connect-method',
      chunks: ['CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n'],
      expect: '4xx-or-closed',
    }),
    // Wrong paths with a valid signed payload.
    (i) => {
      const body = valid(i);
      const wrong = pick([
        '/',
        `${path}/`,
        `${path}x`,
        path.toUpperCase(),
        `/${hex(8)}`,
        `${path}/../admin`,
        '/%00',
        `/${'a'.repeat(3000)}`,
        '*',
      ]);
      return {
        kind: 'wrong-path',
        chunks: [
          head(
            'POST',
            wrong,
            [
              ['Content-Type', 'application/json'],
              ['X-Hub-Signature-256', sign(body)],
            ],
            body,
          ),
        ],
        expect: '4xx',
      };
    },
    // Not HTTP at all, or broken HTTP framing.
    () => ({
      kind: 'garbage',
      chunks: [
        pick([
          bytes(1 + int(4096)),
          `GET ${path} HTTP/9.9\r\n\r\n`,
          `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
          `POST ${path} HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\nContent-Length: 2\r\n\r\n{}`,
          `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n`,
          `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n{}`,
          `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
          `\r\n\r\n\r\n`,
          `${path} POST\r\n\r\n`,
        ]),
      ],
      expect: '4xx-or-closed',
      endAfterWrite: true,
    }),
    // Broken verification handshakes.
    () => {
      const q = pick([
        '',
        '?hub.mode=subscribe&hub.challenge=123',
        '?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=123',
        '?hub.mode=unsubscribe&hub.verify_token=x&hub.challenge=1',
        `?hub.mode=subscribe&hub.verify_token=${hex(20)}&hub.challenge=${'9'.repeat(5000)}`,
        '?hub.mode=subscribe&hub.verify_token=%ZZ&hub.challenge=1',
        '?hub.mode=subscribe&hub.verify_token=&hub.challenge=',
      ]);
      return { kind: 'bad-handshake', chunks: [head('GET', `${path}${q}`, [])], expect: '4xx' };
    },
  ];
  return Array.from({ length: count }, (_, i) => generators[i % generators.length]!(i));
}

/** Bodies really larger than the 4 MiB bound, chunked (no Content-Length to refuse early): a few only. */
export function oversizeChunked(count: number, path = '/webhook'): FuzzCase[] {
  const chunk = Buffer.alloc(256 * 1024, 0x61);
  const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
  // 18 × 256 KiB = 4.5 MiB, then the terminating chunk.
  return Array.from({ length: count }, () => ({
    kind: 'oversize-chunked',
    chunks: [head, ...Array.from({ length: 18 }, () => frame), '0\r\n\r\n'],
    expect: '4xx-or-closed' as const,
  }));
}
