import { describe, expect, it } from 'vitest';
import { isValidSubdomain, parseLocaltunnelReply } from '../../../src/tunnels/localtunnel/reply.js';

describe('parseLocaltunnelReply', () => {
  it.each([
    [
      'new tunnel',
      200,
      '{"id":"brave-cats-jump","port":41234,"max_conn_count":10,"url":"https://brave-cats-jump.loca.lt"}',
      {
        ok: true,
        info: {
          id: 'brave-cats-jump',
          port: 41234,
          maxConnCount: 10,
          url: 'https://brave-cats-jump.loca.lt',
          ip: undefined,
          cachedUrl: undefined,
        },
      },
    ],
    [
      'with ip and cached_url',
      200,
      '{"id":"abcd1","ip":"193.34.76.44","port":38001,"max_conn_count":10,"url":"https://abcd1.loca.lt","cached_url":"https://abcd1.localtunnel.me"}',
      {
        ok: true,
        info: {
          id: 'abcd1',
          port: 38001,
          maxConnCount: 10,
          url: 'https://abcd1.loca.lt',
          ip: '193.34.76.44',
          cachedUrl: 'https://abcd1.localtunnel.me',
        },
      },
    ],
    [
      'missing max_conn_count means one socket',
      200,
      '{"id":"abcd1","port":1,"url":"https://abcd1.loca.lt"}',
      {
        ok: true,
        info: {
          id: 'abcd1',
          port: 1,
          maxConnCount: 1,
          url: 'https://abcd1.loca.lt',
          ip: undefined,
          cachedUrl: undefined,
        },
      },
    ],
  ])('%s', (_name, status, body, expected) => {
    expect(parseLocaltunnelReply(status, body)).toEqual(expected);
  });

  it.each([
    [
      'invalid subdomain',
      403,
      '{"message":"Invalid subdomain. Subdomains must be lowercase and between 4 and 63 alphanumeric characters."}',
      'invalid-subdomain',
      /--subdomain/,
    ],
    ['server error', 500, '{"message":"Internal Server Error"}', 'localtunnel-status', /status\.loca\.lt/],
    ['outage', 503, 'Service Unavailable', 'localtunnel-status', /status\.loca\.lt/],
    ['HTML instead of JSON', 200, '<html>oops</html>', 'localtunnel-bad-reply', /down/],
    ['JSON without a port', 200, '{"id":"x","url":"https://x.loca.lt"}', 'localtunnel-bad-reply', /down/],
  ])('failure: %s', (_name, status, body, id, hint) => {
    const reply = parseLocaltunnelReply(status, body);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.failure.id).toBe(id);
    expect(reply.failure.hint).toMatch(hint);
  });

  it.each([
    ['my-bot-hook', true],
    ['abcd', true],
    ['abc', false],
    ['My-Bot', false],
    ['-abcde', false],
    ['abcde-', false],
    ['under_score', false],
  ])('isValidSubdomain(%s) = %s', (name, expected) => {
    expect(isValidSubdomain(name)).toBe(expected);
  });
});
