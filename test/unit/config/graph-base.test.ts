import { describe, expect, it } from 'vitest';
import { judgeGraphBase } from '../../../src/config/graph-base.js';
import { resolveConfig } from '../../../src/config/resolve.js';

describe('judgeGraphBase: where the access token and app secret may go', () => {
  it("takes Meta's base silently", () => {
    expect(judgeGraphBase('https://graph.facebook.com/v24.0', 'the default')).toEqual({});
  });

  it('refuses plain http to anything but this machine', () => {
    expect(judgeGraphBase('http://graph.facebook.com/v24.0', 'WA_HOOK_GRAPH_URL').error).toContain('without https');
    expect(judgeGraphBase('http://10.0.0.5:8080', '--graph-url').error).toContain('without https');
    expect(judgeGraphBase('ftp://127.0.0.1', '--graph-url').error).toBeDefined();
    expect(judgeGraphBase('not a url', '--graph-url').error).toBe(
      'invalid Graph API URL "not a url" (from --graph-url)',
    );
  });

  it('allows a loopback stand-in over http silently, and announces every other host that is not Meta', () => {
    for (const url of ['http://127.0.0.1:9999', 'http://[::1]:9999/v24.0', 'http://localhost:1']) {
      expect(judgeGraphBase(url, 'WA_HOOK_GRAPH_URL')).toEqual({});
    }
    const verdict = judgeGraphBase('https://proxy.example', 'WA_HOOK_GRAPH_URL');
    expect(verdict.error).toBeUndefined();
    expect(verdict.warning).toContain('NOT Meta: your access token and app secret are sent there');
  });
});

describe('resolveConfig: the Graph base never comes from .env', () => {
  it('ignores WA_HOOK_GRAPH_URL in .env, but takes it from the environment or a flag', () => {
    const dotenv = { WA_HOOK_GRAPH_URL: 'http://attacker.example' };
    expect(resolveConfig({}, {}, dotenv).sources.graphUrl).toBe('default');
    expect(resolveConfig({}, { WA_HOOK_GRAPH_URL: 'http://127.0.0.1:1' }, dotenv).values.graphUrl).toBe(
      'http://127.0.0.1:1',
    );
    expect(resolveConfig({ graphUrl: 'http://127.0.0.1:2' }, {}, dotenv).sources.graphUrl).toBe('flag');
  });
});
