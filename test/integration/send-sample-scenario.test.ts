/**
 * `send-sample --scenario`: traffic as Meta delivers it, against the bundled receiver and, through
 * `up --forward-to`, against a small backend of the user's that checks signatures itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { useUpProject } from '../helpers/up-project.js';
import { runCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { startIndependentReceiver, type IndependentReceiver } from '../fixtures/independent-receiver.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const TOKEN = 'tok_scenario_0123456789';

interface Step {
  step: number;
  name: string;
  resend?: number;
  wamid?: string;
  status: number;
  metaAfter?: string;
}

describe('send-sample --scenario', () => {
  const project = useUpProject();
  let backend: IndependentReceiver | undefined;
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  const scenario = async (name: string, extra: string[] = []) => {
    const run = await runCli(['send-sample', '--scenario', name, '--app-secret', SECRET, '--json', ...extra], {
      cwd: project.dir,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as { scenario: string; ok: boolean; apiVersion: string; steps: Step[] };
  };
  const logged = async () => {
    const run = await runCli(['events', '--json', '--limit', '100'], { cwd: project.dir });
    return run.stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { body: string; headers: Record<string, string>; summary: string[] });
  };
  const statusOf = (body: string) => JSON.parse(body).entry[0].changes[0].value.statuses?.[0];

  it('bundled receiver: reply statuses share one wamid; a duplicate is the same bytes and signature', async () => {
    await project.start(['--verify-token', TOKEN, '--app-secret', SECRET]);
    const lifecycle = await scenario('reply-lifecycle');
    expect(lifecycle).toMatchObject({ scenario: 'reply-lifecycle', ok: true, apiVersion: 'v24.0' });
    expect(lifecycle.steps.map((s) => [s.name, s.status])).toEqual([
      ['text', 200],
      ['status-sent', 200],
      ['status-delivered', 200],
      ['status-read', 200],
    ]);
    let records = await logged();
    expect(records).toHaveLength(4);
    const statuses = records.slice(1).map((r) => statusOf(r.body));
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    expect(new Set(statuses.map((s) => s.id))).toEqual(new Set([lifecycle.steps[1]!.wamid]));
    expect(records[3]!.summary[0]).toMatch(/^← status read wamid\.HBg/);

    const duplicate = await scenario('duplicate-delivery');
    expect(duplicate.steps.map((s) => s.resend)).toEqual([undefined, 1, undefined, 3]);
    records = (await logged()).slice(4);
    expect(records).toHaveLength(4);
    expect(records[1]!.body).toBe(records[0]!.body);
    expect(records[1]!.headers['x-hub-signature-256']).toBe(records[0]!.headers['x-hub-signature-256']);
    expect(records[3]!.body).toBe(records[2]!.body);
  });

  it('up --forward-to a backend: out of order, a failed send and the retry schedule arrive as Meta sends them', async () => {
    backend = await startIndependentReceiver({ appSecret: SECRET });
    await project.start(['--verify-token', TOKEN, '--app-secret', SECRET, '--forward-to', backend.url]);

    await scenario('out-of-order');
    await waitFor(() => backend!.received.length >= 4 || undefined, { what: 'four forwarded events' });
    const statuses = backend.received.slice(1).map((r) => (r.parsed as any).entry[0].changes[0].value.statuses[0]);
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'read', 'delivered']);
    expect(new Set(statuses.map((s) => s.id)).size).toBe(1);
    expect(Number(statuses[2].timestamp)).toBeLessThan(Number(statuses[1].timestamp));

    await scenario('failed-send');
    await waitFor(() => backend!.received.length >= 7 || undefined, { what: 'three more forwarded events' });
    const failed = (backend.received[6]!.parsed as any).entry[0].changes[0].value;
    expect(failed.statuses[0]).toMatchObject({ status: 'failed', errors: [{ code: 131026 }] });
    expect(failed.contacts).toEqual([{ wa_id: '16505551234' }]);

    const retries = await scenario('retry-schedule', ['--api-version', 'v23.0']);
    expect(retries.apiVersion).toBe('v23.0');
    expect(retries.steps.map((s) => s.metaAfter)).toEqual([
      undefined,
      'immediately',
      expect.stringContaining('unpublished'),
      expect.stringContaining('unpublished'),
      expect.stringContaining('7 days'),
    ]);
    await waitFor(() => backend!.received.length >= 12 || undefined, { what: 'five deliveries of one event' });
    const bodies = backend.received.slice(7).map((r) => r.raw.toString('latin1'));
    expect(new Set(bodies).size).toBe(1);
    expect(backend.rejected).toBe(0);
  });

  it('an unknown scenario is a usage error naming the scenarios', async () => {
    const run = await runCli(['send-sample', '--scenario', 'reply-lifecycl'], { cwd: project.dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('did you mean "reply-lifecycle"');
  });
});
