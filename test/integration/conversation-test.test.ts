import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { isPidAlive } from '../../src/platform/pid-io.js';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';
// @ts-expect-error -- a plain JavaScript fixture (the bot under test), no types
import { startConversationBot } from '../fixtures/conversation-bot.mjs';

const BOT = fileURLToPath(new URL('../fixtures/conversation-bot.mjs', import.meta.url));
const BOT_SPEC = `bot:\n  command: node "${BOT}"\n  url: http://127.0.0.1:0/webhook\n`;

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir('wa-hook-conv-')));
afterAll(() => cleanup());

async function script(name: string, text: string): Promise<string> {
  await writeFile(join(dir, name), text);
  return name;
}
const run = (args: string[]) => runCli(['test', ...args], { cwd: dir, timeout: 60_000 });

const ALL_KINDS = `${BOT_SPEC}customers:
  - { name: ana, number: "+1 650 555 1234" }
  - { name: bo, number: "+44 7700 900123" }
conversations:
  - name: every step kind
    steps:
      - say: hi
      - expect: { type: text, text: { contains: Hello } }
      - say: menu
      - expect: { interactive: button, buttons: [Pizza, Salad], text: Pick one }
      - tap: Salad
      - expect: { text: You chose Salad (salad) }
      - say: list
      - expect: { rows: [Margherita, r2] }
      - tap: r2
      - expect: { text: { matches: "^You chose Pepperoni \\\\(r2\\\\)$" } }
      - expectStatus: delivered
      - send: { type: image, file: cat.jpg, caption: my cat }
      - expect: { text: Got your image (image/jpeg) }
      - location: { latitude: 52.5, longitude: 13.4, name: Berlin }
      - expect: { text: "You are at 52.5,13.4" }
      - say: template
      - expect: { template: { name: hello_world, language: en_US, parameters: [] } }
      - say: read
      - expectRead: 5s
      - say: silent
      - expectNoReply: 300ms
      - from: bo
        say: hi
      - expect: { to: bo, text: { contains: Hello } }
  - name: Meta's errors
    steps:
      - say: four buttons
      - expectError: 100
      - say: remind
      - expect: { text: "OK, I will remind you" }
      - wait: 25h
      - expectError: 131047
      - expectStatus: { status: failed, code: 131047 }
`;

describe('wa-hook test', () => {
  it('plays every step kind against a real bot it starts, exit 0', async () => {
    await writeFile(join(dir, 'cat.jpg'), Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'));
    const file = await script('all.yaml', ALL_KINDS);
    const result = await run([file]);
    expect(result.stdout).toContain('    ✔ tap "Salad"');
    expect(result.stdout).toContain('    ✔ expectError 131047');
    expect(result.stdout).toMatch(/2 conversations, 2 passed \(\d+ steps, /);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
  });

  it("stops the bot's whole process tree at the end (the bot runs under the command's shell)", async () => {
    const pidFile = join(dir, 'bot.pid');
    const file = await script(
      'tree.yaml',
      `${BOT_SPEC}  env: { BOT_PID_FILE: "${pidFile}" }\nconversations:\n  - name: c\n    steps:\n      - say: hi\n      - expect: { type: text }\n`,
    );
    const result = await run([file]);
    expect(result.exitCode, result.stdout).toBe(0);
    const pid = Number(await readFile(pidFile, 'utf8'));
    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => isPidAlive(pid)).toBe(false);
  });

  it('fails with a readable diff of the expectation vs the Graph call, exit 1, and skips the rest', async () => {
    const file = await script(
      'fail.yaml',
      `${BOT_SPEC}conversations:\n  - name: greets\n    steps:\n      - say: hi\n      - expect: { text: { contains: Goodbye } }\n      - say: never\n`,
    );
    const result = await run([file]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('    ✖ expect contains "Goodbye"');
    expect(result.stdout).toContain('    - say "never" (skipped)');
    expect(result.stdout).toContain('✖ fail.yaml › greets › step 2: expect contains "Goodbye"  (fail.yaml:8:9)');
    expect(result.stdout).toContain('    - expected text.body  to contain "Goodbye"');
    expect(result.stdout).toContain('    + actual   text.body  "Hello 👋 I am the test bot"');
    expect(result.stdout).toMatch(/the bot's call: POST \/v24\.0\/\d+\/messages → 200/);
    expect(result.stdout).toContain('"body": "Hello 👋 I am the test bot"');
  });

  it.each([
    [
      'no reply',
      '      - say: silent\n      - expect: { type: text, within: 300ms }\n',
      'the bot sent no message within 300 ms',
    ],
    [
      'an unwanted reply',
      '      - say: hi\n      - expectNoReply: 2s\n',
      'expected no message within 2 s, the bot sent a text message to 16505551234',
    ],
    [
      'a tap with no buttons',
      '      - tap: Pizza\n',
      'the bot has sent no reply buttons, list or quick-reply template to tap',
    ],
    [
      'a tap on a missing button',
      '      - say: menu\n      - expect: { type: interactive }\n      - tap: Soup\n',
      'no button or row "Soup" in the bot\'s last interactive message; it offers "Pizza" (id pizza), "Salad" (id salad)',
    ],
    [
      'no read receipt',
      '      - say: hi\n      - expectRead: 300ms\n',
      "the bot did not mark the customer's last message",
    ],
    [
      'a missing status',
      '      - say: hi\n      - expect: { type: text }\n      - expectStatus: { status: failed, within: 400ms }\n',
      "no failed status for the bot's last message within 400 ms (statuses seen: sent",
    ],
    [
      'another error code',
      '      - say: four buttons\n      - expectError: 131009\n',
      "Meta refused the bot's send with 100, not 131009",
    ],
    [
      'an accepted send',
      '      - say: hi\n      - expectError: { code: 131047, within: 500ms }\n',
      "Meta accepted the bot's send and no failed status followed within 500 ms",
    ],
    ['a missing media file', '      - send: { type: image, file: nothere.jpg }\n', 'the file to send does not exist'],
  ])('names the failure: %s', async (_what, steps, message) => {
    const file = await script('one.yaml', `${BOT_SPEC}conversations:\n  - name: c\n    steps:\n${steps}`);
    const result = await run([file]);
    expect(result.stdout).toContain(message);
    expect(result.exitCode).toBe(1);
  });

  it('says when the bot refuses the webhook (another app secret)', async () => {
    const file = await script(
      'secret.yaml',
      `${BOT_SPEC}  env: { WHATSAPP_APP_SECRET: not-the-same }\nconversations:\n  - name: c\n    steps:\n      - say: hi\n`,
    );
    const result = await run([file]);
    expect(result.stdout).toContain('with HTTP 401 (does it check X-Hub-Signature-256 with the same app secret?)');
    expect(result.exitCode).toBe(1);
  });

  it('a bad script: every mistake as file:line:column, exit 2, nothing started', async () => {
    const file = await script(
      'bad.yaml',
      `${BOT_SPEC}conversations:\n  - name: c\n    steps:\n      - sya: hi\n      - wait: soon\n`,
    );
    const result = await run([file]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('bad.yaml:7:9: step: unknown key "sya" (did you mean "say"?)');
    expect(result.stderr).toContain('bad.yaml:8:15: wait must be a duration such as 500ms, 5s, 2m or 25h');
    expect(result.stderr).toContain('✖ 2 mistakes in the script');
    expect(result.stdout).toBe('');
  });

  it('usage errors exit 2: a missing file, a remote --forward-to, no bot', async () => {
    expect((await run(['nothere.yaml'])).exitCode).toBe(2);
    const botless = await script('botless.yaml', 'conversations:\n  - name: c\n    steps:\n      - say: hi\n');
    const none = await run([botless]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('botless.yaml names no bot, and no --forward-to was given');
    const remote = await run([botless, '--forward-to', 'https://bot.example.com/hook']);
    expect(remote.exitCode).toBe(2);
    expect(remote.stderr).toContain('--forward-to must be an http:// URL on this machine');
  });

  it('a bot whose command exits: the file fails with its last output lines, exit 1', async () => {
    const file = await script(
      'crash.yaml',
      `bot:\n  command: node -e "console.log('cannot start, no DATABASE_URL'); process.exit(3)"\n  url: http://127.0.0.1:0/webhook\nconversations:\n  - name: c\n    steps:\n      - say: hi\n`,
    );
    const result = await run([file]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/the bot's command exited \(code 3\) before listening on 127\.0\.0\.1:\d+/);
    expect(result.stdout).toContain('│ cannot start, no DATABASE_URL');
  });

  it('--reporter junit: valid JUnit XML (parsed back), a testsuite per file, a testcase per conversation', async () => {
    const ok = await script(
      'ok.yaml',
      `${BOT_SPEC}conversations:\n  - name: greets\n    steps:\n      - say: hi\n      - expect: { type: text }\n`,
    );
    const bad = await script(
      'bad2.yaml',
      `${BOT_SPEC}conversations:\n  - name: wrong <reply>\n    steps:\n      - say: hi\n      - expect: { type: image }\n`,
    );
    const result = await run([ok, bad, '--reporter', 'junit']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('1 of 2 conversations failed');
    const parsed = await execa('python3', ['-c', PARSE_JUNIT], { input: result.stdout });
    expect(JSON.parse(parsed.stdout)).toEqual({
      tests: '2',
      failures: '1',
      suites: [
        { name: 'ok.yaml', tests: '1', failures: '0', cases: [{ name: 'greets', failure: null }] },
        {
          name: 'bad2.yaml',
          tests: '1',
          failures: '1',
          cases: [
            {
              name: 'wrong <reply>',
              failure: "step 2 (line 8:9) expect image: the bot's reply differs from what the step expects",
            },
          ],
        },
      ],
    });
  });

  it('--json: one JSON document with every step', async () => {
    const file = await script(
      'json.yaml',
      `${BOT_SPEC}conversations:\n  - name: greets\n    steps:\n      - say: hi\n      - expect: { text: Nope }\n`,
    );
    const result = await run([file, '--json']);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      files: Array<{ conversations: Array<{ steps: unknown[] }> }>;
    };
    expect(report.ok).toBe(false);
    expect(report.files[0]!.conversations[0]!.steps[1]).toMatchObject({
      status: 'failed',
      pos: { line: 8, column: 9 },
      failure: { mismatches: [{ field: 'text.body', expected: '"Nope"', actual: '"Hello 👋 I am the test bot"' }] },
    });
  });

  it('--forward-to a bot that already runs, with the ids from the configuration', async () => {
    const graphPort = await freePort();
    const secrets = {
      appSecret: 'forward-secret-0123456789',
      accessToken: 'EAAForwardToken',
      phoneNumberId: '111122223333444',
    };
    const bot = (await startConversationBot({ ...secrets, graphBase: `http://127.0.0.1:${graphPort}/v24.0` })) as {
      url: string;
      close(): Promise<void>;
    };
    try {
      const file = await script(
        'fwd.yaml',
        'conversations:\n  - name: c\n    steps:\n      - say: hi\n      - expect: { text: { contains: Hello } }\n',
      );
      const result = await run([
        file,
        '--forward-to',
        bot.url,
        '--graph-port',
        String(graphPort),
        '--app-secret',
        secrets.appSecret,
        '--access-token',
        secrets.accessToken,
        '--phone-number-id',
        secrets.phoneNumberId,
      ]);
      expect(result.stdout + result.stderr).toContain('✔ expect contains "Hello"');
      expect(result.exitCode).toBe(0);
    } finally {
      await bot.close();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const PARSE_JUNIT = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
print(json.dumps({
  'tests': root.get('tests'), 'failures': root.get('failures'),
  'suites': [{'name': s.get('name'), 'tests': s.get('tests'), 'failures': s.get('failures'),
    'cases': [{'name': c.get('name'), 'failure': (c.find('failure').get('message') if c.find('failure') is not None else None)}
      for c in s.findall('testcase')]} for s in root.findall('testsuite')]}))
`;
