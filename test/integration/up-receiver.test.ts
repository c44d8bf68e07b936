import { readFile, access, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { useUpProject } from '../helpers/up-project.js';
import type { RunningUp } from '../helpers/start-up.js';
import { runCli, startCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { readLog, sign as signWith } from '../helpers/webhook.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const TOKEN = 'tok_integration_0123456789';
// Meta-style wire bytes (ASCII, \u escapes, \/), signed independently of src/.
const BODY =
  '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1","timestamp":"1749416383","type":"text","text":{"body":"\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442 \\ud83d\\udc4b https:\\/\\/x.example"}}]}}]}]}';
const sign = (body: string, secret = SECRET) => signWith(body, secret);

describe('wa-hook up --tunnel none (bundled receiver)', () => {
  const project = useUpProject();
  let up: RunningUp | undefined;

  it('answers the handshake with the bare challenge and refuses a wrong token', async () => {
    up = await project.start(['--verify-token', TOKEN]);
    const ok = await request(`${up.url}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${TOKEN}`);
    expect(ok.statusCode).toBe(200);
    expect(await ok.body.text()).toBe('1158201444');
    const wrong = await request(`${up.url}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=nope`);
    expect(wrong.statusCode).toBe(403);
    expect(await wrong.body.text()).not.toContain('1158201444');
    const refused = await waitFor(() => up!.events().find((e) => e.type === 'event' && e.status === 403));
    expect(refused).toMatchObject({ reason: 'token-mismatch', detail: expect.stringMatching(/^got .* \(4 chars\)/) });
    // Another casing of the key, and PHP's spelling: a server may read either, so they are masked too.
    const other = await request(`${up.url}?hub.mode=subscribe&HUB.VERIFY_TOKEN=${TOKEN}&hub_verify_token=${TOKEN}`);
    await other.body.dump();
    const logPath = join(project.dir, '.wa-hook', 'events.jsonl');
    const log = await waitFor(async () => {
      const text = await readFile(logPath, 'utf8');
      return text.includes('HUB.VERIFY_TOKEN') && text;
    });
    // The log never holds the verify token.
    expect(log).not.toContain(TOKEN);
    expect(log).toContain(`HUB.VERIFY_TOKEN=${TOKEN.slice(0, 4)}`);
  });

  it('accepts a signed event, records its exact bytes before answering 200', async () => {
    up = await project.start(['--verify-token', TOKEN, '--app-secret', SECRET]);
    const res = await request(up.url, {
      method: 'POST',
      body: BODY,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(BODY) },
    });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    const [record] = await readLog(project.dir);
    expect(record).toMatchObject({ kind: 'event', status: 200, signature: 'valid', method: 'POST', body: BODY });
    const event = await waitFor(() => up!.events().find((e) => e.type === 'event'));
    expect(event.summary).toEqual(['← text from +16505551234 (Sheena) "Привет 👋 https://x.example"']);
  });

  it.each([
    ['missing signature', {}, BODY, 401, 'signature-missing', /no X-Hub-Signature-256/],
    ['wrong secret', { 'x-hub-signature-256': sign(BODY, 'other') }, BODY, 401, 'signature-mismatch', /does not match/],
    ['malformed header', { 'x-hub-signature-256': 'sha1=abc' }, BODY, 401, 'signature-malformed', /not "sha256="/],
    ['bad JSON (signed)', { 'x-hub-signature-256': sign('{"a":') }, '{"a":', 400, 'not-json', /not JSON/],
  ])('refuses %s', async (_name, headers, body, status, reason, words) => {
    up = await project.start(['--verify-token', TOKEN, '--app-secret', SECRET]);
    const res = await request(up.url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
    expect(res.statusCode).toBe(status);
    // The sender reads the reason in words; the log keeps its code.
    expect(await res.body.text()).toMatch(words);
    const [record] = await readLog(project.dir);
    expect(record.kind).toBe('rejected');
    expect(record.reason).toBe(reason);
  });

  it('answers 413 to an oversize body, 405 to other methods, 404 to other paths, and keeps serving', async () => {
    up = await project.start(['--verify-token', TOKEN]);
    const big = await request(up.url, { method: 'POST', body: Buffer.alloc(5 * 1024 * 1024, 0x20) }).catch(
      (e: Error) => e,
    );
    if (!(big instanceof Error)) {
      expect(big.statusCode).toBe(413);
      await big.body.text();
    }
    const put = await request(up.url, { method: 'PUT', body: '{}' });
    expect(put.statusCode).toBe(405);
    expect(put.headers.allow).toBe('GET, POST');
    await put.body.text();
    const other = await request(up.url.replace('/webhook', '/other'));
    expect(other.statusCode).toBe(404);
    expect(await other.body.text()).toContain('/webhook');
    const after = await request(up.url, {
      method: 'POST',
      body: '{"object":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(after.statusCode).toBe(200);
    await after.body.text();
    const log = await readLog(project.dir);
    expect(log.some((r) => r.status === 413)).toBe(true);
    expect(log.at(-1)).toMatchObject({ kind: 'event', signature: 'unchecked', body: '{"object":"x"}' });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops on %s with exit 0, prints stopped and removes the state file',
    async (signal) => {
      up = await project.start([]);
      const state = JSON.parse(await readFile(join(project.dir, '.wa-hook', 'state.json'), 'utf8'));
      expect(state).toMatchObject({ localUrl: up.url, port: up.port, path: '/webhook' });
      expect(await up.stop(signal)).toBe(0);
      expect(up.events().at(-1)).toEqual({ type: 'stopped' });
      await expect(access(join(project.dir, '.wa-hook', 'state.json'))).rejects.toThrow();
    },
  );

  it('generates a verify token when none is configured, keeps it across starts, prints it masked (full with --show-token)', async () => {
    const masked = startCli(['up', '--tunnel', 'none', '--port', '0'], { cwd: project.dir });
    let stderr = '';
    masked.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    await waitFor(() => stderr.includes('Waiting for events'), { what: 'banner' });
    const state = JSON.parse(await readFile(join(project.dir, '.wa-hook', 'state.json'), 'utf8'));
    expect(state.verifyToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(stderr).toContain(`verify token  ${state.verifyToken.slice(0, 4)}…`);
    expect(stderr).not.toContain(state.verifyToken);
    masked.kill('SIGTERM');
    expect((await masked).exitCode).toBe(0);
    // Kept for the next start, so the token pasted into Meta stays valid; readable by the owner only.
    const kept = join(project.dir, '.wa-hook', 'verify-token');
    expect((await readFile(kept, 'utf8')).trim()).toBe(state.verifyToken);
    expect((await stat(kept)).mode & 0o777).toBe(0o600);
    const again = await project.start([]);
    expect(again.events()[0]!.verifyToken).toBe(`${state.verifyToken.slice(0, 4)}…`);
    expect(JSON.parse(await readFile(join(project.dir, '.wa-hook', 'state.json'), 'utf8')).verifyToken).toBe(
      state.verifyToken,
    );
    await again.stop();

    const shown = await project.start(['--show-token', '--verify-token', TOKEN]);
    expect(shown.events()[0]!.verifyToken).toBe(TOKEN);
    await shown.stop();
  });

  it('exits 1 with a hint when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['up', '--tunnel', 'none', '--port', String(port)], { cwd: project.dir });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(result.stderr).toContain('--forward-to');
    } finally {
      blocker.close();
    }
  });

  it('exits 2 on an invalid port', async () => {
    const result = await runCli(['up', '--tunnel', 'none', '--port', 'eighty'], { cwd: project.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('invalid port "eighty"');
  });
});
