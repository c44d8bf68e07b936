import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'undici';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';
import { useUpProject } from '../helpers/up-project.js';
import { apiUrl } from '../helpers/inspector-api.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Issue 27 item 10: an acknowledgement slower than the threshold is said, not passed silently. The threshold is
 * a flag (--slow-ms), and the server holds its 200 until at least HOLD_MS have passed on its own clock: the
 * sender's time then cannot be under SLOW_MS, however busy the machine (a lower bound, not a guess).
 */
const SLOW_MS = 50;
const HOLD_MS = 120;

/** Answers 200 once the request has been held at least `minMs` (re-armed until performance.now() says so). */
function answerNoSoonerThan(minMs: number): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const arrived = performance.now();
    req.resume();
    const tryAnswer = () => {
      const left = minMs - (performance.now() - arrived);
      if (left > 0) setTimeout(tryAnswer, Math.ceil(left));
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('EVENT_RECEIVED');
    };
    req.on('end', tryAnswer);
  };
}

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('send-sample: a slow acknowledgement', () => {
  it('is flagged (line, warning, --json field) and still exits 0', async () => {
    const server = await startLoopbackServer(answerNoSoonerThan(HOLD_MS));
    servers.push(server);
    const temp = await makeTempDir();
    try {
      const url = `${server.url}/webhook`;
      const human = await runCli(['send-sample', 'text', '--url', url, '--slow-ms', String(SLOW_MS)], {
        cwd: temp.dir,
      });
      expect(human.exitCode).toBe(0);
      expect(human.stdout).toMatch(/^→ text 200 OK \d+ ms \(slow\)$/m);
      expect(human.stderr).toMatch(new RegExp(`slow acknowledgement: \\d+ ms \\(over ${SLOW_MS} ms\\)`));
      expect(human.stderr).toContain('Meta retries what it does not see acknowledged within about 20 s');

      const json = await runCli(['send-sample', 'text', '--url', url, '--slow-ms', String(SLOW_MS), '--json'], {
        cwd: temp.dir,
      });
      expect(json.exitCode).toBe(0);
      const report = JSON.parse(json.stdout) as {
        ok: boolean;
        slowMs: number;
        results: Array<{ slow: boolean; ms: number }>;
      };
      expect(report).toMatchObject({ ok: true, slowMs: SLOW_MS, results: [{ slow: true }] });
      expect(report.results[0]!.ms).toBeGreaterThanOrEqual(HOLD_MS);

      // The default threshold (5 s) lets the same answer pass without a word.
      const calm = await runCli(['send-sample', 'text', '--url', url, '--json'], { cwd: temp.dir });
      expect(JSON.parse(calm.stdout)).toMatchObject({ slowMs: 5000, results: [{ slow: false }] });
    } finally {
      await temp.cleanup();
    }
  });

  it('--slow-ms must be a positive number', async () => {
    const temp = await makeTempDir();
    try {
      const run = await runCli(['send-sample', 'text', '--url', 'http://127.0.0.1:1/webhook', '--slow-ms', 'soon'], {
        cwd: temp.dir,
      });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('--slow-ms');
    } finally {
      await temp.cleanup();
    }
  });
});

describe('up --forward-to: a backend that acknowledges slowly', () => {
  const project = useUpProject();

  it('is flagged in the live view (--json) and in the inspector list', async () => {
    const backend = await startLoopbackServer(answerNoSoonerThan(HOLD_MS));
    servers.push(backend);
    const up = await project.start([
      '--forward-to',
      `${backend.url}/hook`,
      '--slow-ms',
      String(SLOW_MS),
      '--inspect-port',
      '0',
    ]);
    const res = await request(up.url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    await res.body.dump();
    expect(res.statusCode).toBe(200);

    const line = await waitFor(() => up.events().find((e) => e.type === 'event'), { what: 'the event line' });
    expect(line).toMatchObject({ status: 200, slow: { slowMs: SLOW_MS, pastTimeout: false } });
    expect((line.slow as { ms: number }).ms).toBeGreaterThanOrEqual(HOLD_MS);
    expect((line.summary as string[])[0]).toMatch(/backend 200 in [\d.]+ ms \(slow\)$/);

    const inspectorUrl = String(up.events().find((e) => e.type === 'ready')!.inspectorUrl);
    const page = (await (await request(apiUrl(inspectorUrl, '/api/events'))).body.json()) as {
      rows: Array<{ ok: boolean; slow?: { ms: number; message: string } }>;
    };
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({
      ok: true,
      slow: { message: expect.stringContaining('slow acknowledgement') },
    });
  });

  it('a fast backend is not flagged', async () => {
    const backend = await startLoopbackServer((req, res) => {
      req.resume();
      req.on('end', () => res.end());
    });
    servers.push(backend);
    const up = await project.start(['--forward-to', `${backend.url}/hook`, '--inspect-port', '0']);
    await (await request(up.url, { method: 'POST', body: '{}' })).body.dump();
    const line = await waitFor(() => up.events().find((e) => e.type === 'event'), { what: 'the event line' });
    expect(line.slow).toBeUndefined();
  });
});
