import { describe, expect, it } from 'vitest';
import { clientFacts, forwardRequestHeaders, relayResponseHeaders } from '../../../src/forward/headers.js';

describe('forwarded headers', () => {
  it('trusts Cloudflare edge headers only through cloudflared', () => {
    const raw = [
      'Host',
      'x.trycloudflare.com',
      'X-Forwarded-For',
      '6.6.6.6, 203.0.113.7',
      'X-Forwarded-Proto',
      'https',
    ];
    expect(clientFacts(raw, '127.0.0.1', true)).toEqual({
      ip: '203.0.113.7',
      proto: 'https',
      host: 'x.trycloudflare.com',
    });
    expect(clientFacts([...raw, 'Cf-Connecting-IP', '198.51.100.1'], '127.0.0.1', true).ip).toBe('198.51.100.1');
    // localtunnel / --public-url / local: nothing the client wrote is vouched for.
    expect(clientFacts(raw, '127.0.0.1', false)).toEqual({
      ip: '127.0.0.1',
      proto: 'http',
      host: 'x.trycloudflare.com',
    });
    expect(clientFacts(['X-Forwarded-For', 'not-an-ip'], '127.0.0.1', true).ip).toBe('127.0.0.1');
  });

  it('drops hop-by-hop, Connection-named and forged forwarding headers, keeping order and spelling', () => {
    const out = forwardRequestHeaders(
      [
        'Connection',
        'close, X-Hop',
        'X-Hop',
        '1',
        'TE',
        'trailers',
        'X-Real-IP',
        '6.6.6.6',
        'User-Agent',
        'facebookexternalua',
      ],
      { ip: '203.0.113.7', proto: 'https' },
    );
    expect(out).toEqual([
      'User-Agent',
      'facebookexternalua',
      'X-Forwarded-For',
      '203.0.113.7',
      'X-Real-IP',
      '203.0.113.7',
      'X-Forwarded-Proto',
      'https',
    ]);
  });

  it('drops hop-by-hop headers the backend names in its own Connection header', () => {
    const raw = ['Connection', 'X-Internal', 'X-Internal', 'secret', 'Set-Cookie', 'a=1', 'Content-Length', '3'].map(
      (v) => Buffer.from(v),
    );
    expect(relayResponseHeaders(raw)).toEqual(['Set-Cookie', 'a=1']);
  });
});
