import { describe, expect, it } from 'vitest';
import { useUpProject } from '../helpers/up-project.js';
import { runCli } from '../helpers/run-cli.js';
import { doctorJson } from '../helpers/doctor-project.js';
import { waitFor } from '../helpers/wait-for.js';
import { post } from '../helpers/webhook.js';

const TOKEN = 'tok_own_probes_0123456789';
const SECRET = 'e3b0c44298fc1c149afbf4c8996fb924';

/** Requests wa-hook sends on purpose carry X-Wa-Hook-Probe and are shown, and judged, as what they are. */
describe('our own probes are marked, not reported as problems', () => {
  const project = useUpProject();

  it('verify and send-sample --bad-signature: live view, events and doctor say "probe", not a problem', async () => {
    const up = await project.start(['--verify-token', TOKEN, '--app-secret', SECRET]);
    const env = { WHATSAPP_VERIFY_TOKEN: TOKEN, WHATSAPP_APP_SECRET: SECRET };
    expect((await runCli(['verify'], { cwd: project.dir, env })).exitCode).toBe(0);
    const bad = await runCli(['send-sample', '--bad-signature'], { cwd: project.dir, env });
    expect(bad.exitCode).toBe(0);

    const events = await waitFor(
      () => {
        const seen = up.events().filter((e) => e.type === 'event');
        return seen.length >= 3 ? seen : undefined;
      },
      { what: 'three recorded requests' },
    );
    const summaries = events.map((e) => (e.summary as string[]).join(' '));
    expect(summaries).toContain('← wa-hook verify: handshake answered (200) ✔');
    expect(summaries).toContain('← wa-hook verify: wrong-token probe refused (403) ✔');
    expect(summaries).toContain('← wa-hook send-sample: bad-signature probe refused (401) ✔');
    expect(summaries.join('\n')).not.toMatch(/verify token mismatch|another app secret/);
    expect(events.every((e) => e.hint === undefined)).toBe(true);
    expect(events.map((e) => e.probe)).toEqual(['verify/handshake', 'verify/wrong-token', 'send-sample/bad-signature']);

    const list = await runCli(['events', '--type', 'probe'], { cwd: project.dir });
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/probe +← wa-hook send-sample: bad-signature probe refused \(401\) ✔/);
    const show = await runCli(['events', 'show', String(events[2]!.id)], { cwd: project.dir });
    expect(show.stdout).toMatch(
      /✔ wa-hook send-sample: bad-signature probe refused \(401\) ✔: a deliberate negative test/,
    );
    expect(show.stdout).toContain('x-wa-hook-probe: send-sample/bad-signature');

    const { byId } = await doctorJson(project.dir, ['--offline'], env);
    expect(byId('log.rejected-signatures').status).not.toBe('fail');
    expect(await up.stop()).toBe(0);
  });

  it('a forged X-Wa-Hook-Probe from the internet is a refused request like any other, seen by doctor', async () => {
    const up = await project.start(['--verify-token', TOKEN, '--app-secret', SECRET]);
    const env = { WHATSAPP_VERIFY_TOKEN: TOKEN, WHATSAPP_APP_SECRET: SECRET };
    for (const header of [
      'send-sample/bad-signature',
      `send-sample/bad-signature; t=${Date.now()}; mac=${'0'.repeat(32)}`,
    ]) {
      const status = await post(up.url, '{"object":"whatsapp_business_account","entry":[]}', {
        headers: { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}`, 'x-wa-hook-probe': header },
      });
      expect(status).toBe(401);
    }
    const events = await waitFor(
      () => {
        const seen = up.events().filter((e) => e.type === 'event');
        return seen.length >= 2 ? seen : undefined;
      },
      { what: 'two recorded requests' },
    );
    expect(events.map((e) => e.probe)).toEqual([undefined, undefined]);
    expect(events.every((e) => typeof e.hint === 'string')).toBe(true);
    expect(events.map((e) => (e.summary as string[]).join(' ')).join('\n')).not.toContain('wa-hook send-sample');
    const { byId } = await doctorJson(project.dir, ['--offline'], env);
    expect(byId('log.rejected-signatures').status).toBe('fail');
    expect(await up.stop()).toBe(0);
  });
});
