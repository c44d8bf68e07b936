/**
 * Issue 27 item 2: nothing from a request reaches the terminal raw. A body, a header, a message type and the
 * JSON error V8 writes about a broken body (it quotes the raw input) carry escape sequences and newlines; the
 * live view of `up`, `events` and `events show` print them as visible escapes — no window title, no erased
 * line, no fake "✔ self-test passed" line — with and without the app secret.
 */
import { describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { useTempDir } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';
import { startUpLive } from '../helpers/start-up.js';
import { waitFor } from '../helpers/wait-for.js';
import { textBody } from '../helpers/event-log-fixture.js';
import { sign } from '../helpers/webhook.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const EVIL = '\u001b]0;pwned\u0007\u001b[2K\r✔ self-test passed\n✔ fake line \u009b2J';

/** Any control character but a line break, or a line that starts with a forged check mark. */
function expectNothingObeyed(text: string): void {
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  expect(text.split('\n').filter((l) => /^✔ (self-test passed|fake line)/.test(l))).toEqual([]);
}

/**
 * A POST written to the socket: node:http refuses C0 controls in header values, but obs-text bytes pass
 * (read as latin1), so the User-Agent carries 0x9b — the one-byte CSI some terminals obey.
 */
function rawPost(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const { port, pathname } = new URL(url);
  const bytes = Buffer.from(body, 'utf8');
  const head =
    `POST ${pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nUser-Agent: evil\x9b2J\r\n` +
    Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    `Content-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () =>
      socket.end(Buffer.concat([Buffer.from(head, 'latin1'), bytes])),
    );
    socket.on('error', reject);
    socket.on('close', () => resolve());
    socket.resume();
  });
}

describe('escape sequences from the internet', () => {
  const temp = useTempDir();

  for (const secret of [undefined, SECRET]) {
    it(`are shown escaped in the live view, events and events show (${secret ? 'with' : 'without'} the app secret)`, async () => {
      const dir = temp.dir;
      const up = await startUpLive(secret ? ['--app-secret', secret] : [], { cwd: dir });
      try {
        const { url } = up;
        const signature = (body: string): Record<string, string> =>
          secret ? { 'x-hub-signature-256': sign(body, secret) } : {};
        const message = textBody('16505551234', EVIL).replace(
          '"type":"text"',
          `"type":${JSON.stringify(`text${EVIL}`)}`,
        );
        const broken = `{"entry": ${EVIL}`;
        for (const body of [message, broken]) await rawPost(url, body, signature(body));
        await waitFor(
          () =>
            up
              .stdout()
              .split('\n')
              .filter((l) => /^\d\d:\d\d:\d\d /.test(l)).length >= 2
              ? true
              : undefined,
          {
            what: 'two live lines',
          },
        );
        up.proc.kill('SIGINT');
        await up.proc;
        expect(up.stdout()).toContain('\\x1b]0;pwned\\x07');
        expectNothingObeyed(up.stdout());
        expectNothingObeyed(up.stderr());
        const list = await runCli(['events', '--limit', '10'], { cwd: dir });
        expect(list.exitCode).toBe(0);
        expectNothingObeyed(list.stdout + list.stderr);
        const id = /(evt_\w+)\s*$/m.exec(list.stdout)![1]!;
        const show = await runCli(['events', 'show', id], { cwd: dir });
        expect(show.exitCode).toBe(0);
        expect(show.stdout).toContain('user-agent: evil\\x9b2J');
        expectNothingObeyed(show.stdout + show.stderr);
      } finally {
        if (up.proc.exitCode === null) up.proc.kill('SIGKILL');
      }
    });
  }
});
