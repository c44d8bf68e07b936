import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';
import type { MessagesValue, WebhookPayload } from '../../src/index.js';
import { sign } from '../helpers/webhook.js';

const SECRET = '0123456789abcdef0123456789abcdef';
// An HMAC computed here with node:crypto directly: independent of the code under test.
const hmac = (body: Buffer) => sign(body, SECRET);

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(() => cleanup());

async function readFixture(folder: string, name: string) {
  const body = await readFile(join(folder, `${name}.json`));
  const headers = JSON.parse(await readFile(join(folder, `${name}.headers.json`), 'utf8')) as Record<string, string>;
  return { body, headers };
}

describe('send-sample --out', () => {
  it('writes every sample as Meta bytes + headers that verify independently and parse with whatsapp-api-js', async () => {
    const run = await runCli(['send-sample', '--all', '--out', 'fx', '--app-secret', SECRET], { cwd: dir });
    expect(run.exitCode).toBe(0);
    const folder = join(dir, 'fx');
    const names = (await readdir(folder)).filter((f) => f.endsWith('.json') && !f.endsWith('.headers.json'));
    expect(names.length).toBeGreaterThanOrEqual(27);
    expect(await readFile(join(folder, 'README.md'), 'utf8')).toMatch(/X-Hub-Signature-256/);

    const api = new WhatsAppAPI({ token: 'unused', appSecret: SECRET, v: 'v24.0' });
    let routed = 0;
    api.on.message = () => void routed++;
    api.on.status = () => void routed++;
    let routable = 0;
    for (const file of names) {
      const { body, headers } = await readFixture(folder, file.replace(/\.json$/, ''));
      expect(headers['X-Hub-Signature-256'], file).toBe(hmac(body));
      expect(headers['Content-Type']).toBe('application/json');
      expect(/^[\x20-\x7e]*$/.test(body.toString('latin1')), `${file} is pure ASCII like Meta's bytes`).toBe(true);
      const text = body.toString('utf8');
      const change = (JSON.parse(text) as WebhookPayload).entry[0]!.changes[0]!;
      const value = change.value as MessagesValue;
      // whatsapp-api-js routes the messages field's messages and statuses (its signature check included);
      // other fields (history, calls…) go elsewhere or are refused: see test/unit/samples/independent-parsers.
      if (change.field !== 'messages' || (!value.messages && !value.statuses)) continue;
      routable++;
      await api.post(JSON.parse(text), text, headers['X-Hub-Signature-256']!);
    }
    expect(routable).toBeGreaterThanOrEqual(26);
    expect(routed).toBe(routable);
  });

  it('--seed gives the same bytes on every run; without it ids are fresh', async () => {
    const args = ['send-sample', 'text', 'status-read', '--app-secret', SECRET];
    for (const out of ['a', 'b'])
      expect((await runCli([...args, '--seed', '42', '--out', out], { cwd: dir })).exitCode).toBe(0);
    expect((await runCli([...args, '--out', 'c'], { cwd: dir })).exitCode).toBe(0);
    for (const name of ['text', 'status-read']) {
      const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((o) => readFixture(join(dir, o), name)));
      expect(b!.body.equals(a!.body)).toBe(true);
      expect(b!.headers).toEqual(a!.headers);
      expect(c!.body.equals(a!.body)).toBe(false);
    }
  });

  it('--unsigned writes no signature header and says so; unknown names are a usage error', async () => {
    const run = await runCli(['send-sample', 'text', '--out', 'u', '--unsigned'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/text\.json\s+\d+ bytes, unsigned/);
    expect((await readFixture(join(dir, 'u'), 'text')).headers).not.toHaveProperty('X-Hub-Signature-256');
    const bad = await runCli(['send-sample', 'txet', '--out', 'u'], { cwd: dir });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/did you mean "text"/);
  });
});

describe('send-sample --print', () => {
  it('prints an HTTP request with the exact body and its signature', async () => {
    const run = await runCli(
      ['send-sample', 'text', '--print', '--seed', '1', '--app-secret', SECRET, '--url', 'http://127.0.0.1:9/hook?x=1'],
      { cwd: dir },
    );
    expect(run.exitCode).toBe(0);
    const [head, body] = run.stdout.split('\r\n\r\n') as [string, string];
    expect(head.split('\r\n').slice(0, 2)).toEqual(['POST /hook?x=1 HTTP/1.1', 'Host: 127.0.0.1:9']);
    const bytes = Buffer.from(body.replace(/\n$/, ''), 'latin1');
    expect(head).toContain(`X-Hub-Signature-256: ${hmac(bytes)}`);
    expect(head).toContain(`Content-Length: ${bytes.length}`);
  });

  it('--print curl is a command that delivers the same bytes, validly signed, when run by a shell', async () => {
    const received: Array<{ body: Buffer; signature: string | undefined }> = [];
    const server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks), signature: req.headers['x-hub-signature-256'] as string });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
      // A text with a single quote, a backslash and a percent sign: the quoting must survive the shell.
      const text = `it's 100% \\ "quoted" 👋`;
      const run = await runCli(
        ['send-sample', 'text', '--print', 'curl', '--text', text, '--url', url, '--app-secret', SECRET],
        {
          cwd: dir,
        },
      );
      expect(run.exitCode).toBe(0);
      const shell = await execa('sh', ['-c', run.stdout], { reject: false });
      expect(shell.exitCode).toBe(0);
      expect(received).toHaveLength(1);
      expect(received[0]!.signature).toBe(hmac(received[0]!.body));
      expect(JSON.parse(received[0]!.body.toString('utf8')).entry[0].changes[0].value.messages[0].text.body).toBe(text);
    } finally {
      server.close();
    }
  });
});
