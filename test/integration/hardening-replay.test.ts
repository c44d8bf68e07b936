/**
 * Issue 14 item 2: a forged POST (no or a wrong signature) is refused 401 and recorded; neither the
 * inspector's Replay nor `send-sample --replay` may then deliver those bytes validly signed with the
 * user's app secret — in forward mode, to the user's backend.
 */
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { useUpProject } from '../helpers/up-project.js';
import { runCli } from '../helpers/run-cli.js';
import { apiUrl } from '../helpers/inspector-api.js';
import { waitFor } from '../helpers/wait-for.js';
import { textBody } from '../helpers/event-log-fixture.js';
import { readLog, sign, useBackend, type BackendOptions } from '../helpers/webhook.js';

const SECRET = 'abcdefabcdefabcdefabcdefabcdef12';
const FORGED = textBody('16505550000', 'send 1000 USD to attacker', 'wamid.forged');

/** The user's backend: checks X-Hub-Signature-256 itself, as a real bot does. */
const BACKEND: BackendOptions = {
  secret: SECRET,
  answer: ({ signedValidly }, _req, res) => {
    res.writeHead(signedValidly ? 200 : 401);
    res.end(signedValidly ? 'ok' : 'bad signature');
  },
};

const records = (dir: string): Promise<Array<{ id: string; signature: string; status: number }>> => readLog(dir);

describe('replaying a forged request', () => {
  const project = useUpProject();
  const backend = useBackend(BACKEND);

  it('never reaches the backend validly signed, from the inspector or send-sample --replay', async () => {
    const up = await project.start([
      '--forward-to',
      `${backend.origin}/hook`,
      '--app-secret',
      SECRET,
      '--inspect-port',
      '0',
    ]);
    const inspector = String(up.events().find((e) => e.type === 'ready')!.inspectorUrl);
    // The attacker, from the internet: a wrong signature, then none.
    for (const signature of ['sha256=' + '0'.repeat(64), undefined]) {
      const res = await request(up.url, {
        method: 'POST',
        body: FORGED,
        headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
      });
      expect(res.statusCode).toBe(401);
      await res.body.text();
    }
    const forged = await waitFor(async () => {
      const all = await records(project.dir);
      return all.length === 2 ? all : undefined;
    });
    expect(forged.map((r) => r.signature)).toEqual(['invalid', 'missing']);

    for (const record of forged) {
      // The user clicks Replay (the API the page calls): refused, nothing sent.
      const res = await request(apiUrl(inspector, `/api/replay`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: record.id }),
      });
      const result = (await res.body.json()) as { ok: boolean; error?: string };
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/signs only bytes whose signature it verified \(use "Send unsigned as received"\)/);

      const cli = await runCli(['send-sample', '--replay', record.id, '--app-secret', SECRET], { cwd: project.dir });
      expect(cli.exitCode).toBe(2);
      expect(cli.stderr).toContain(`✖ record ${record.id} arrived with`);
      expect(cli.stderr).toContain('→ to send it exactly as received, without a signature, add --unsigned');
    }
    expect(backend.seen).toHaveLength(2);

    // The explicit, labelled way: exactly the bytes as received, with no signature at all.
    const unsigned = await request(apiUrl(inspector, `/api/replay`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: forged[0]!.id, unsigned: true }),
    });
    expect(await unsigned.body.json()).toMatchObject({ ok: true, signed: false, status: 401 });
    const cli = await runCli(['send-sample', '--replay', forged[1]!.id, '--unsigned', '--app-secret', SECRET], {
      cwd: project.dir,
    });
    expect(cli.exitCode).toBe(1);

    expect(backend.seen.map((d) => d.body.toString('utf8'))).toEqual([FORGED, FORGED, FORGED, FORGED]);
    expect(backend.seen.filter((d) => d.signedValidly)).toEqual([]);
    expect(backend.seen.slice(2).map((d) => d.signature)).toEqual([undefined, undefined]);
  });

  it('still re-signs an event whose signature was verified on arrival', async () => {
    const up = await project.start(['--forward-to', `${backend.origin}/hook`, '--app-secret', SECRET]);
    const body = textBody('16505551234', 'genuine', 'wamid.genuine');
    const signature = sign(body, SECRET);
    const res = await request(up.url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    });
    await res.body.text();
    const [record] = await waitFor(async () => {
      const all = await records(project.dir);
      return all.length === 1 ? all : undefined;
    });
    expect(record!.signature).toBe('valid');
    const cli = await runCli(['send-sample', '--replay', record!.id, '--app-secret', SECRET], { cwd: project.dir });
    expect(cli.exitCode).toBe(0);
    expect(backend.seen.map((d) => d.signedValidly)).toEqual([true, true]);
  });
});

describe('replaying a request whose body was stored cut', () => {
  const project = useUpProject();

  it('is refused by send-sample --replay (exit 2) and by the inspector, and nothing is sent', async () => {
    const up = await project.start(['--app-secret', SECRET, '--inspect-port', '0']);
    const inspector = String(up.events().find((e) => e.type === 'ready')!.inspectorUrl);
    // 100 KB, unsigned: refused 401, and only its first 64 KiB are kept.
    const big = `{"pad":"${'x'.repeat(100_000)}"}`;
    const res = await request(up.url, { method: 'POST', body: big, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(401);
    await res.body.text();
    const [record] = await waitFor(async () => {
      const all = await records(project.dir);
      return all.length === 1 ? all : undefined;
    });
    const id = record!.id;
    const reason = `was stored cut (first 65,536 of ${big.length.toLocaleString('en-US')} bytes: refused requests are kept only in part): it cannot be sent as received`;

    // The page is told not to offer a replay button; the API refuses either kind of replay.
    const shown = await request(apiUrl(inspector, `/api/events/${id}`));
    expect(((await shown.body.json()) as { replayRefused: string | null }).replayRefused).toBe(reason);
    for (const unsigned of [true, false]) {
      const replay = await request(apiUrl(inspector, `/api/replay`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, unsigned }),
      });
      expect(await replay.body.json()).toEqual({
        ok: false,
        error: `${id} ${reason} (send the original payload instead: \`wa-hook send-sample --file payload.json\`)`,
      });
    }

    for (const args of [['--unsigned'], ['--app-secret', SECRET]]) {
      const cli = await runCli(['send-sample', '--replay', id, ...args], { cwd: project.dir });
      expect(cli.exitCode).toBe(2);
      expect(cli.stderr).toContain(`✖ record ${id} ${reason}`);
      expect(cli.stderr).toContain('→ send the original payload instead: `wa-hook send-sample --file payload.json`');
    }

    // Nothing was sent: the next request recorded after the refusals is this marker.
    const marker = await runCli(['send-sample', 'text', '--app-secret', SECRET], { cwd: project.dir });
    expect(marker.exitCode).toBe(0);
    const all = await waitFor(async () => {
      const now = await records(project.dir);
      return now.length >= 2 ? now : undefined;
    });
    expect(all.map((r) => r.signature)).toEqual(['missing', 'valid']);
  });
});
