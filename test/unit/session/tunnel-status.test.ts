import { describe, expect, it } from 'vitest';
import { createTunnelStatus } from '../../../src/session/tunnel-status.js';

const failure = { id: 'rate-limited', message: 'Cloudflare rate-limited quick tunnels', hint: 'wait a minute' };

describe('the inspector’s tunnel status, from session events', () => {
  it('follows a tunnel from starting to a passed self-test, a failure and giving up', () => {
    const status = createTunnelStatus();
    const url = 'https://abc.trycloudflare.com/webhook';
    expect(
      status({
        type: 'tunnel',
        state: 'starting',
        provider: 'cloudflared',
        attempt: 1,
        retrying: false,
        noCloudflared: false,
      }),
    ).toEqual({ text: 'cloudflared: starting' });
    expect(
      status({
        type: 'tunnel',
        state: 'up',
        provider: 'cloudflared',
        publicUrl: 'https://abc.trycloudflare.com',
        callbackUrl: url,
        changed: true,
        restarted: true,
        clipboard: { status: 'skipped', reason: 'not a terminal' },
      }),
    ).toEqual({ text: 'cloudflared: up (URL changed: update Meta)', callbackUrl: url });
    expect(
      status({
        type: 'self-test',
        state: 'done',
        callbackUrl: url,
        verdict: { ok: false, cause: 'wrong-token', message: 'm', status: 403, ms: 5, warnings: [], attempts: 1 },
      }),
    ).toEqual({ text: 'cloudflared: up, self-test failed (wrong-token)', callbackUrl: url });
    expect(
      status({
        type: 'tunnel',
        state: 'failed',
        provider: 'cloudflared',
        failure,
        retryInMs: 1000,
        wasUp: true,
        repeated: false,
      }),
    ).toEqual({ text: 'cloudflared: no public URL (Cloudflare rate-limited quick tunnels); retrying' });
    expect(status({ type: 'tunnel', state: 'gave-up', provider: 'cloudflared', failure, attempts: 3 })).toEqual({
      text: 'cloudflared: no public URL (Cloudflare rate-limited quick tunnels); stopped retrying',
    });
  });

  it('says nothing for the events that do not change it', () => {
    const status = createTunnelStatus();
    expect(status({ type: 'stopping' })).toBeUndefined();
    expect(status({ type: 'tunnel', state: 'output', provider: 'localtunnel', line: 'x' })).toBeUndefined();
    expect(status({ type: 'self-test', state: 'running', callbackUrl: 'https://x/webhook' })).toBeUndefined();
  });
});
