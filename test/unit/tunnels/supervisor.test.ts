import { describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { TunnelSupervisor, type SupervisorEvent } from '../../../src/tunnels/supervisor-io.js';
import { TunnelStartError, type Tunnel, type TunnelEventMap } from '../../../src/tunnels/types.js';
import type { ProviderOptions } from '../../../src/tunnels/registry-io.js';
import { waitFor } from '../../helpers/wait-for.js';

type Step = { fail: string } | { up: string; downAfter?: boolean };

/** A scripted tunnel per start: fails with an id, or comes up (and optionally goes down right after). */
function scripted(steps: Step[], created: ProviderOptions[], tunnels: Array<{ stopped: boolean }> = []) {
  return (_provider: string, options: ProviderOptions): Tunnel => {
    created.push(options);
    const step = steps.shift() ?? { fail: 'script-exhausted' };
    const tunnel = Object.assign(new EventEmitter<TunnelEventMap>(), {
      provider: 'cloudflared' as const,
      pids: [],
      stopped: false,
      resumeId: 'up' in step ? `id-${step.up}` : undefined,
      async start() {
        if ('fail' in step) throw new TunnelStartError({ id: step.fail, message: step.fail, hint: 'h' });
        if (step.downAfter)
          setImmediate(() => tunnel.emit('down', { id: 'tunnel-exited', message: 'gone', hint: 'h' }));
        return step.up;
      },
      async stop() {
        tunnel.stopped = true;
      },
    });
    tunnels.push(tunnel);
    return tunnel;
  };
}

interface LaunchOptions {
  provider?: 'cloudflared' | 'localtunnel';
  signal?: AbortSignal;
  /** Collects the scripted tunnels, to see which were stopped. */
  tunnels?: Array<{ stopped: boolean }>;
}

function launch(steps: Step[], options: LaunchOptions = {}) {
  const events: SupervisorEvent[] = [];
  const created: ProviderOptions[] = [];
  const supervisor = new TunnelSupervisor({
    provider: options.provider ?? 'cloudflared',
    tunnel: { port: 1, env: {} },
    onEvent: (e) => events.push(e),
    create: scripted(steps, created, options.tunnels),
    initialDelayMs: 5,
    maxDelayMs: 20,
    signal: options.signal,
  });
  supervisor.start();
  return { supervisor, events, created };
}

/** Runs the script until `until` holds for the events so far, then stops the supervisor. */
async function runUntil(steps: Step[], until: (events: SupervisorEvent[]) => boolean, options?: LaunchOptions) {
  const launched = launch(steps, options);
  await waitFor(() => until(launched.events), { what: 'events' });
  await launched.supervisor.stop();
  return launched;
}

const upCount = (events: SupervisorEvent[]) => events.filter((e) => e.type === 'up').length;

const summary = (events: SupervisorEvent[]) =>
  events.map((e) =>
    e.type === 'up'
      ? `up:${e.url}${e.changed ? ':changed' : ''}${e.restarted ? ':restarted' : ''}`
      : e.type === 'failed'
        ? `failed:${e.failure.id}:${e.retryInMs}${e.wasUp ? ':wasUp' : ''}`
        : e.type,
  );

describe('TunnelSupervisor', () => {
  it('stops every tunnel whose start failed (a half-started localtunnel would keep re-opening sockets)', async () => {
    const tunnels: Array<{ stopped: boolean }> = [];
    const { supervisor, events } = launch(
      [{ fail: 'localtunnel-unreachable' }, { fail: 'localtunnel-unreachable' }, { up: 'https://a' }],
      { provider: 'localtunnel', tunnels },
    );
    await waitFor(() => events.some((e) => e.type === 'up'), { what: 'up' });
    expect(tunnels.map((t) => t.stopped)).toEqual([true, true, false]);
    await supervisor.stop();
  });

  // Two failed starts, retried after 5 then 10 ms; the third start decides.
  it.each<[string, string, Step, string, string | undefined]>([
    [
      'gives up on a missing cloudflared after a few attempts, with one event saying so',
      'cloudflared-missing',
      { fail: 'cloudflared-missing' },
      'gave-up',
      undefined,
    ],
    [
      'retries start failures with growing backoff until the tunnel is up',
      'rate-limited',
      { up: 'https://a' },
      'up:https://a',
      'https://a',
    ],
  ])('%s', async (_name, failure, third, last, url) => {
    const { supervisor, events } = await runUntil([{ fail: failure }, { fail: failure }, third], (ev) =>
      summary(ev).includes(last),
    );
    expect(summary(events)).toEqual([
      'starting',
      `failed:${failure}:5`,
      'starting',
      `failed:${failure}:10`,
      'starting',
      last,
    ]);
    expect(supervisor.url).toBe(url);
  });

  it('restarts a tunnel that went down and reports the changed URL', async () => {
    const { events } = await runUntil(
      [{ up: 'https://a', downAfter: true }, { up: 'https://b' }],
      (ev) => upCount(ev) === 2,
    );
    expect(summary(events)).toEqual([
      'starting',
      'up:https://a',
      'failed:tunnel-exited:5:wasUp',
      'starting',
      'up:https://b:changed:restarted',
    ]);
  });

  it('says "restarted, unchanged" when the new session has the same URL (named tunnel)', async () => {
    const { events } = await runUntil(
      [{ up: 'https://h', downAfter: true }, { up: 'https://h' }],
      (ev) => upCount(ev) === 2,
    );
    expect(events.at(-1)).toEqual({
      type: 'up',
      url: 'https://h',
      previousUrl: 'https://h',
      changed: false,
      restarted: true,
    });
  });

  it('switches to --protocol http2 after the edge was unreachable over QUIC', async () => {
    const { created } = await runUntil([{ fail: 'edge-unreachable' }, { up: 'https://a' }], (ev) =>
      ev.some((e) => e.type === 'up'),
    );
    expect(created.map((o) => o.protocol)).toEqual([undefined, 'http2']);
  });

  it.each([
    ['stop()', false],
    ['the abort signal', true],
  ])('stops retrying after %s', async (_name, viaSignal) => {
    // Fake timers: "nothing happens later" is checked by advancing the clock, not by sleeping.
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      const { supervisor, events } = launch([{ fail: 'x' }, { fail: 'x' }, { fail: 'x' }, { fail: 'x' }], {
        signal: controller.signal,
      });
      await vi.advanceTimersByTimeAsync(1);
      expect(summary(events)).toEqual(['starting', 'failed:x:5']);
      if (viaSignal) controller.abort();
      else await supervisor.stop();
      await vi.advanceTimersByTimeAsync(1000);
      expect(summary(events)).toEqual(['starting', 'failed:x:5']);
      await supervisor.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('keeping the URL across sessions (issue 13 item 8)', () => {
  it('asks each new session for the id of the last URL, also after failed attempts', async () => {
    const { created } = await runUntil(
      [{ up: 'https://a', downAfter: true }, { fail: 'localtunnel-unreachable' }, { up: 'https://a' }],
      (events) => upCount(events) === 2,
    );
    expect(created.map((o) => o.previousId)).toEqual([undefined, 'id-https://a', 'id-https://a']);
  });
});
