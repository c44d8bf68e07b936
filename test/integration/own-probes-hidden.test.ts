/**
 * Issue 27 item 16: wa-hook's own probes (verify's handshake and wrong token, send-sample's negative tests…)
 * are hidden from `wa-hook events` and the inspector list unless asked for; the samples the user sends stay
 * listed, typed by what they carry; Meta's message echoes are not called "echo" (the `--echo` bot's word).
 */
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { useUpProject } from '../helpers/up-project.js';
import { runCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { apiUrl } from '../helpers/inspector-api.js';

const TOKEN = 'tok_hidden_probes_0123456789';
const SECRET = 'e3b0c44298fc1c149afbf4c8996fb924';

interface Listed {
  id: string;
  probe?: string;
  label: string;
  types: string[];
  summary: string[];
}

const ndjson = (text: string): Listed[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Listed);

describe("wa-hook's own probes stay out of the way", () => {
  const project = useUpProject();

  it('events and the inspector hide them by default; --probes, --type probe and ?probes=1 show them', async () => {
    const up = await project.start(['--verify-token', TOKEN, '--app-secret', SECRET, '--inspect-port', '0']);
    const env = { WHATSAPP_VERIFY_TOKEN: TOKEN, WHATSAPP_APP_SECRET: SECRET };
    const cwd = project.dir;
    // Probes: verify's handshake and wrong token, send-sample's bad signature. Samples: a text, a message echo.
    expect((await runCli(['verify'], { cwd, env })).exitCode).toBe(0);
    expect((await runCli(['send-sample', 'text', '--bad-signature'], { cwd, env })).exitCode).toBe(0);
    expect((await runCli(['send-sample', 'text', '--text', 'hello from a user'], { cwd, env })).exitCode).toBe(0);
    expect((await runCli(['send-sample', 'coex-echo-text'], { cwd, env })).exitCode).toBe(0);
    await waitFor(() => up.events().filter((e) => e.type === 'event').length >= 5 || undefined, {
      what: 'five recorded requests',
    });

    const all = ndjson((await runCli(['events', '--json', '--probes'], { cwd })).stdout);
    expect(all.map((r) => r.probe)).toEqual([
      'verify/handshake',
      'verify/wrong-token',
      'send-sample/bad-signature',
      'send-sample/sample',
      'send-sample/sample',
    ]);

    const listed = await runCli(['events', '--json'], { cwd });
    expect(listed.exitCode).toBe(0);
    expect(ndjson(listed.stdout).map((r) => r.label)).toEqual(['text', 'app-sent']);

    const texts = ndjson((await runCli(['events', '--type', 'text', '--json'], { cwd })).stdout);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((r) => !r.types.includes('probe'))).toBe(true);
    expect(texts[0]!.summary[0]).toContain('hello from a user');

    const probes = ndjson((await runCli(['events', '--type', 'probe', '--json'], { cwd })).stdout);
    expect(probes.map((r) => r.probe)).toEqual(['verify/handshake', 'verify/wrong-token', 'send-sample/bad-signature']);

    // The human list: no probe lines by default, and the message echo is not called "echo".
    const human = await runCli(['events'], { cwd });
    expect(human.stdout).not.toMatch(/wa-hook verify|probe/);
    expect(human.stdout).toMatch(/app-sent +→ text sent from the Business app to \+/);
    expect(human.stdout).not.toMatch(/echo/);
    expect((await runCli(['events', '--type', 'app-sent', '--json'], { cwd })).stdout).toContain('app-sent');

    // `events show last` is the last listed event, not the last probe.
    await runCli(['verify'], { cwd, env });
    await waitFor(() => up.events().filter((e) => e.type === 'event').length >= 7 || undefined, {
      what: 'the second verify recorded',
    });
    const last = JSON.parse((await runCli(['events', 'show', 'last', '--json'], { cwd })).stdout) as Listed;
    expect(last.probe).toBe('send-sample/sample');

    const inspectorUrl = String(up.events().find((e) => e.type === 'ready')!.inspectorUrl);
    const rows = async (query: string) => {
      const res = await request(apiUrl(inspectorUrl, `/api/events${query}`));
      return ((await res.body.json()) as { rows: Array<{ label: string; hiddenProbe: boolean }> }).rows;
    };
    expect((await rows('')).map((r) => r.label)).toEqual(['app-sent', 'text']);
    expect((await rows('?probes=1')).filter((r) => r.hiddenProbe)).toHaveLength(5);
    expect((await rows('?type=probe')).every((r) => r.hiddenProbe)).toBe(true);
    expect((await rows('?type=probe')).length).toBe(5);
    expect(await up.stop()).toBe(0);
  });
});
