import { describe, expect, it } from 'vitest';
import type { Ctx } from '../../../src/context.js';
import type { ReadyEvent, UpEvent } from '../../../src/session/events.js';
import { createLiveView } from '../../../src/ui/up/live-view.js';
import { createOutput } from '../../../src/ui/output-io.js';
import { createUpSessionView } from '../../../src/ui/up/up-session-view.js';
import { eventRecord, textBody } from '../../helpers/event-log-fixture.js';
import { judgeAckTime } from '../../../src/events/ack-time.js';

const TOKEN = 'a-long-random-verify-token-for-tests-4f9c2';
const CALLBACK = 'https://abc.trycloudflare.com/webhook';

const ready: ReadyEvent = {
  type: 'ready',
  pid: 4242,
  instanceId: 'i-1',
  startedAt: '2026-12-07T00:00:00.000Z',
  localUrl: 'http://127.0.0.1:8000/webhook',
  port: 8000,
  path: '/webhook',
  forwardSubpaths: false,
  verifyToken: TOKEN,
  verifyTokenSource: 'dotenv',
  appSecretFingerprint: 'fp',
  eventLog: '/p/.wa-hook/events.jsonl',
  publicSide: 'tunnel',
};

/** A session's story from start to stop: what `up` with a quick tunnel and --register goes through. */
const story: UpEvent[] = [
  { type: 'warning', source: 'config', message: 'verify token is weak', hint: 'make a random one' },
  ready,
  { type: 'tunnel', state: 'starting', provider: 'cloudflared', attempt: 1, retrying: false, noCloudflared: false },
  {
    type: 'tunnel',
    state: 'up',
    provider: 'cloudflared',
    publicUrl: 'https://abc.trycloudflare.com',
    callbackUrl: CALLBACK,
    changed: false,
    restarted: false,
    clipboard: { status: 'copied' },
  },
  { type: 'self-test', state: 'running', callbackUrl: CALLBACK },
  {
    type: 'self-test',
    state: 'done',
    callbackUrl: CALLBACK,
    verdict: {
      ok: true,
      cause: 'ok',
      message: 'answered the challenge',
      status: 200,
      ms: 80,
      warnings: [],
      attempts: 1,
    },
  },
  {
    type: 'register',
    callbackUrl: CALLBACK,
    ok: false,
    webhook: { ok: false, error: 'Meta could not verify the URL' },
  },
  { type: 'callback-url', callbackUrl: CALLBACK, provider: 'cloudflared', quickTunnel: true },
  {
    type: 'request',
    record: eventRecord({ body: textBody('16505551234', 'hello view') }),
    payload: JSON.parse(textBody('16505551234', 'hello view')) as unknown,
  },
  { type: 'graph-call', method: 'POST', path: '/v24.0/1/messages', status: 200 },
  { type: 'stopping' },
  { type: 'stopped' },
];

/** The up session view writing into line arrays, as a terminal without colour would show it. */
function sessionView(json: boolean, showToken = false) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const sink = (lines: string[]) => ({
    write: (text: string) => (lines.push(...text.split('\n').filter(Boolean)), true),
  });
  const ctx = { stdout: sink(stdout), stderr: sink(stderr), color: false } as unknown as Ctx;
  const out = createOutput(ctx, json);
  const spinner: string[] = [];
  let flushed = 0;
  const view = createUpSessionView({
    out,
    live: createLiveView(out),
    spinner: { start: (text) => spinner.push(`start ${text}`), clear: () => spinner.push('clear') },
    showToken,
    flush: () => (flushed += 1),
  });
  return { view, stdout, stderr, spinner, flushed: () => flushed };
}

function render(json: boolean, showToken = false) {
  const { view, stdout, stderr, spinner, flushed } = sessionView(json, showToken);
  for (const event of story) view(event);
  return { stdout, stderr, spinner, flushed: flushed() };
}

describe('the up session view', () => {
  it('--json: the same NDJSON lines as before, in order, the verify token masked', () => {
    const { stdout, stderr, flushed } = render(true);
    const lines = stdout.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.type)).toEqual(['ready', 'tunnel', 'verify', 'register', 'event', 'stopped']);
    expect(lines[0]).toEqual({
      type: 'ready',
      localUrl: 'http://127.0.0.1:8000/webhook',
      port: 8000,
      path: '/webhook',
      pid: 4242,
      verifyToken: 'a-lo…',
      verifyTokenGenerated: false,
      signatures: 'checked',
      eventLog: '/p/.wa-hook/events.jsonl',
      echo: false,
    });
    expect(lines[1]).toEqual({
      type: 'tunnel',
      publicUrl: 'https://abc.trycloudflare.com',
      callbackUrl: CALLBACK,
      provider: 'cloudflared',
      clipboard: 'copied',
    });
    expect(lines[2]).toMatchObject({ type: 'verify', ok: true, url: CALLBACK, attempts: 1 });
    expect(lines[3]).toEqual({
      type: 'register',
      callbackUrl: CALLBACK,
      ok: false,
      webhook: { ok: false, error: 'Meta could not verify the URL' },
    });
    expect(lines[4]).toMatchObject({ type: 'event', status: 200, summary: [expect.stringContaining('hello view')] });
    expect(stdout.join('\n')).not.toContain(TOKEN);
    // Talk goes to stderr in --json mode only when it is a warning.
    expect(stderr[0]).toBe('⚠ verify token is weak');
    expect(flushed).toBe(1);
  });

  it('terminal: the warning before the banner, the paste block after the self-test and registration, a spinner meanwhile', () => {
    const { stdout, stderr, spinner } = render(false);
    const at = (text: string) => stderr.findIndex((l) => l.includes(text));
    expect(at('verify token is weak')).toBeGreaterThanOrEqual(0);
    expect(at('verify token is weak')).toBeLessThan(at('receiver listening on'));
    expect(at('receiver listening on')).toBeLessThan(at('Waiting for events'));
    expect(at('self-test passed')).toBeLessThan(at('Meta: could not register the callback URL'));
    expect(at('Meta: could not register the callback URL')).toBeLessThan(at('Paste into Meta'));
    expect(stderr[at('Paste into Meta') + 2]).toBe(`    ${CALLBACK}`);
    expect(stderr.slice(-2)).toEqual(['Stopping…', 'Stopped.']);
    expect(stdout.join('\n')).toContain('hello view');
    expect(spinner).toEqual([
      'start opening a cloudflared tunnel…',
      'clear',
      "start self-test: sending Meta's verification request through the public URL…",
      'clear',
      'clear',
    ]);
    expect(stderr.join('\n')).not.toContain(TOKEN);
  });

  it('--show-token prints the verify token in the banner and the paste block', () => {
    const { stderr } = render(false, true);
    expect(stderr.filter((l) => l.includes(TOKEN))).toHaveLength(2);
  });

  it('a forwarded event the backend acknowledged slowly: (slow) on its line and a warning with the fix', () => {
    const { view, stdout, stderr } = sessionView(false);
    const record = eventRecord({
      body: textBody('16505551234', 'slow one'),
      forward: { target: 'http://127.0.0.1:8000/hook', status: 200, ms: 12068 },
    });
    view({ type: 'request', record, slowAck: judgeAckTime(12068)! });
    expect(stdout.join('\n')).toMatch(/→ backend 200 in 12068 ms \(slow\)/);
    expect(stderr.join('\n')).toContain('⚠ slow acknowledgement: 12068 ms (over 5000 ms)');
    expect(stderr.join('\n')).toContain('answer 200 first, then do the work');
  });
});
