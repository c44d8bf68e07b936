import { CLOSED_ORIGIN } from '../helpers/loopback-server.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { runCli, startCli, ROOT } from '../helpers/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { startIndependentReceiver, type IndependentReceiver } from '../fixtures/independent-receiver.js';
import { sign } from '../helpers/webhook.js';

const SECRET = 'e3b0c44298fc1c149afbf4c8996fb924';
let tmp: { dir: string; cleanup: () => Promise<void> };
let receiver: IndependentReceiver | undefined;

beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(async () => tmp.cleanup());
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const send = (args: string[], env?: Record<string, string>) => runCli(['send-sample', ...args], { cwd: tmp.dir, env });
const valueOf = (parsed: unknown) => (parsed as any).entry[0].changes[0].value;

describe('send-sample --list', () => {
  it('--json is an array of {name, field, description, source} generated from templates/', async () => {
    const run = await send(['--list', '--json']);
    expect(run.exitCode).toBe(0);
    const list = JSON.parse(run.stdout) as Array<Record<string, string>>;
    let files = 0;
    for (const folder of await readdir(join(ROOT, 'templates'))) {
      if (folder === 'scenarios') continue;
      files += (await readdir(join(ROOT, 'templates', folder))).filter((f) => f.endsWith('.json')).length;
    }
    expect(list).toHaveLength(files);
    expect(list.length).toBeGreaterThanOrEqual(60);
    for (const item of list) {
      expect(Object.keys(item).sort()).toEqual(['description', 'field', 'name', 'source']);
      expect(item.name).toMatch(/^[a-z0-9-]+$/);
      expect(item.description!.length).toBeGreaterThan(5);
    }
    expect(list.map((i) => i.name)).toEqual(expect.arrayContaining(['text', 'status-delivered', 'error-rate-limit']));
  });

  it('the human list is grouped by webhook field, one heading per field', async () => {
    const run = await send(['--list']);
    expect(run.exitCode).toBe(0);
    const headings = run.stdout.split('\n').filter((l) => /^[a-z_]+ \(\d+\)$/.test(l));
    expect(headings[0]).toMatch(/^messages \(\d+\)$/);
    expect(headings).toContain('message_template_status_update (4)');
    expect(new Set(headings).size).toBe(headings.length);
    expect(run.stdout).toMatch(/^message_template_status_update \(4\)\n {2}template-approved /m);
    // The fields added for Meta's 2026 pages, each under its own heading.
    expect(run.stdout).toMatch(/^group_settings_update \(\d+\)\n {2}group-settings-update-failed /m);
    expect(run.stdout).toMatch(/^group_status_update \(\d+\)\n {2}group-suspended /m);
    expect(run.stdout).toMatch(/^account_settings_update \(1\)\n {2}account-settings-update /m);
    for (const name of [
      'marketing-link-click',
      'payment-method',
      'contacts-request',
      'status-payment',
      'text-parent-bsuid',
    ])
      expect(run.stdout).toMatch(new RegExp(`^ {2}${name} `, 'm'));
  });
});

describe('send-sample against an independent signature-checking receiver', () => {
  it('every listed sample is accepted, signed over the exact bytes, with Meta headers', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET });
    const names = (JSON.parse((await send(['--list', '--json'])).stdout) as Array<{ name: string }>).map((i) => i.name);
    const run = await send([...names, '--url', receiver.url, '--app-secret', SECRET]);
    expect(run.stderr).toContain(`all ${names.length} accepted`);
    expect(run.exitCode).toBe(0);
    expect(receiver.rejected).toBe(0);
    expect(receiver.received).toHaveLength(names.length);
    for (const [i, name] of names.entries()) {
      expect(run.stdout).toMatch(new RegExp(`^→ ${name} 200 OK [\\d.]+ ms$`, 'm'));
      const { headers, raw, parsed } = receiver.received[i]!;
      expect(headers['content-type']).toBe('application/json');
      expect(headers['user-agent']).toBe('facebookexternalua');
      expect(headers['x-hub-signature']).toBeUndefined();
      expect(headers['x-hub-signature-256']).toBe(sign(raw, SECRET));
      expect(raw.every((b) => b >= 0x20 && b < 0x7f)).toBe(true);
      expect(raw.toString('ascii')).not.toMatch(/(^|[^\\])\//); // every slash escaped
      expect((parsed as any).object).toBe('whatsapp_business_account');
    }
    const ids = receiver.received
      .map((r) => valueOf(r.parsed).messages?.[0]?.id ?? valueOf(r.parsed).statuses?.[0]?.id)
      .filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length); // fresh wamid per send
  });

  it('Cyrillic, emoji and "/" in --text arrive exactly, escaped the way Meta does', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET });
    const text = 'Привет 👋 https://example.com/a';
    const run = await send([
      'text',
      '--text',
      text,
      '--url',
      receiver.url,
      '--app-secret',
      SECRET,
      '--from',
      '+44 7700 900123',
      '--name',
      'Ана',
    ]);
    expect(run.exitCode).toBe(0);
    const [{ raw, parsed }] = receiver.received as [any];
    const value = valueOf(parsed);
    expect(value.messages[0].text.body).toBe(text);
    expect(value.messages[0].from).toBe('447700900123');
    expect(value.contacts[0].profile.name).toBe('Ана');
    expect(value.messages[0].timestamp).toMatch(/^\d{10}$/);
    expect(Math.abs(Number(value.messages[0].timestamp) - Date.now() / 1000)).toBeLessThan(120);
    const wire = raw.toString('ascii');
    expect(wire).toContain('\\u041f');
    expect(wire).toContain('\\ud83d\\udc4b');
    expect(wire).toContain('https:\\/\\/example.com\\/a');
  });

  it('--json reports one object per run with a result per send', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET });
    const run = await send(['image', 'status-read', '--url', receiver.url, '--app-secret', SECRET, '--json']);
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ url: receiver.url, signing: 'signed', ok: true });
    expect(report.results.map((r: any) => [r.name, r.status, r.ok])).toEqual([
      ['image', 200, true],
      ['status-read', 200, true],
    ]);
    expect(report.results[0].wamid).toBe(valueOf(receiver.received[0]!.parsed).messages[0].id);
  });

  it('reads the app secret from .env and --phone-number-id overrides metadata', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET });
    const dir = join(tmp.dir, 'with-env');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '.env'), `WHATSAPP_APP_SECRET=${SECRET}\nWHATSAPP_BUSINESS_ACCOUNT_ID=424242\n`);
    const run = await runCli(['send-sample', 'status-delivered', '--url', receiver.url, '--phone-number-id', '777'], {
      cwd: dir,
    });
    expect(run.exitCode).toBe(0);
    const parsed = receiver.received[0]!.parsed as any;
    expect(parsed.entry[0].id).toBe('424242');
    expect(valueOf(parsed).metadata.phone_number_id).toBe('777');
  });

  it('--bad-signature refused by the receiver: the negative test passes (exit 0)', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET });
    const run = await send(['--url', receiver.url, '--app-secret', SECRET, '--bad-signature']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^→ text 401 Unauthorized \(refused, as it should be\)/m);
    expect(run.stderr).not.toMatch(/failed/);
    expect(receiver.rejected).toBe(1);
  });

  it.each([['--bad-signature'], ['--unsigned']])(
    '%s accepted by a receiver that checks nothing: exit 1 with the security hint',
    async (flag) => {
      receiver = await startIndependentReceiver();
      const run = await send(['--url', receiver.url, '--app-secret', SECRET, flag]);
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/^→ text 200 OK — accepted (a wrong|no) signature/m);
      expect(run.stderr).toMatch(/does not check X-Hub-Signature-256: anyone who knows the URL can forge events/);
    },
  );

  it('--bad-signature burst: refusals count as passes', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET });
    const run = await send(['--url', receiver.url, '--app-secret', SECRET, '--bad-signature', '--count', '3']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/sent 3 {2}ok 3 {2}failed 0/);
  });

  it('a wrong app secret is refused with the mismatch hint, the secret masked', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET });
    const run = await send(['--url', receiver.url, '--app-secret', 'wrongsecret123']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/app secret mismatch \(signed with wron…/);
    expect(run.stderr + run.stdout).not.toContain('wrongsecret123');
  });

  it('--unsigned against a receiver that requires signatures: refused, the negative test passes', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET });
    const run = await send(['--url', receiver.url, '--app-secret', SECRET, '--unsigned']);
    expect(run.exitCode).toBe(0);
    expect(receiver.rejected).toBe(1);
    expect(run.stdout).toMatch(/^→ text 401 Unauthorized \(refused, as it should be\)/m);
  });

  it('without an app secret it warns and sends unsigned', async () => {
    receiver = await startIndependentReceiver();
    const run = await send(['--url', receiver.url]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/no app secret configured.*cannot check signatures/);
    expect(receiver.received[0]!.headers['x-hub-signature-256']).toBeUndefined();
  });

  it('wrong path: exit 1 with the path hint', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET });
    const run = await send(['--url', `${receiver.origin}/wrong`, '--app-secret', SECRET]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/→ text 404 Not Found/);
    expect(run.stderr).toMatch(/wrong path/);
  });

  it('nothing listening: exit 1 with the connection refused hint', async () => {
    const url = `${CLOSED_ORIGIN}/webhook`;
    const run = await send(['--url', url, '--app-secret', SECRET]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/→ text connection refused/);
    expect(run.stderr).toMatch(/nothing listening at 127\.0\.0\.1:\d+: start it with `wa-hook up`/);
  });

  it.each([
    ['no answer in time: timeout hint', () => undefined, /→ text timeout after 300 ms/, /acknowledge first/],
    [
      'body limit too small: 413 hint',
      (res: import('node:http').ServerResponse) => res.writeHead(413).end(),
      /→ text 413 Payload Too Large/,
      /too large.*3 MB/,
    ],
  ])('%s', async (_name, answer, line, hint) => {
    const server = createServer((req, res) => {
      req.resume();
      answer(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const run = await send(['--url', `http://127.0.0.1:${port}/webhook`, '--timeout', '300', '--unsigned']);
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(line);
      expect(run.stderr).toMatch(hint);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('an unknown sample: exit 2 with a suggestion and the --list hint', async () => {
    const run = await send(['status-delivred']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/unknown sample "status-delivred" — did you mean "status-delivered"\?/);
    expect(run.stderr).toMatch(/--list/);
  });
});

describe('send-sample --file', () => {
  it('bad JSON: exit 2 naming where', async () => {
    await writeFile(join(tmp.dir, 'bad.json'), '{\n  "object": "whatsapp_business_account",\n  "entry": [x]\n}\n');
    const run = await send(['--file', 'bad.json', '--url', 'http://127.0.0.1:9/webhook']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/bad\.json is not valid JSON: unexpected "x" at line 3, column 13/);
    expect(run.stderr.trim().split('\n')).toHaveLength(2); // one line + a hint
  });

  it('a hand-written payload is re-serialized the Meta way and signed', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET });
    const payload = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { note: 'café/{{from}}', n: 1.5 } }] }],
    };
    await writeFile(join(tmp.dir, 'mine.json'), JSON.stringify(payload, null, 2));
    const run = await send(['--file', 'mine.json', '--url', receiver.url, '--app-secret', SECRET]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/→ file mine\.json 200 OK/);
    expect(receiver.received[0]!.raw.toString('ascii')).toBe(
      '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"note":"caf\\u00e9\\/16505551234","n":1.5}}]}]}',
    );
  });
});

describe('send-sample --replay', () => {
  // A record that arrived validly signed: replay re-checks the stored signature against the body before re-signing.
  const record = (id: string, kind: string, body: string) =>
    JSON.stringify({
      id,
      receivedAt: new Date().toISOString(),
      kind,
      method: 'POST',
      url: '/webhook',
      headers: { 'x-hub-signature-256': sign(body, SECRET) },
      status: 200,
      signature: 'valid',
      body,
    });

  it('resends the recorded bytes unchanged, freshly signed (last = newest accepted event)', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET });
    const dir = join(tmp.dir, 'replay');
    await mkdir(join(dir, '.wa-hook'), { recursive: true });
    // Not Meta style on purpose (raw UTF-8, unescaped slash, spaces): replay must not touch the bytes.
    const first = '{"object": "whatsapp_business_account", "note": "é/1"}';
    const second = '{"object":"whatsapp_business_account","note":"\\u00e9\\/2"}';
    await writeFile(
      join(dir, '.wa-hook', 'events.jsonl'),
      [
        record('evt_1', 'event', first),
        record('evt_2', 'event', second),
        record('evt_3', 'rejected', '{"x":1}'),
        '{"torn',
      ].join('\n'),
    );
    const last = await runCli(['send-sample', '--replay', 'last', '--url', receiver.url, '--app-secret', SECRET], {
      cwd: dir,
    });
    expect(last.exitCode).toBe(0);
    expect(last.stdout).toMatch(/→ replay evt_2 200 OK/);
    const byId = await runCli(['send-sample', '--replay', 'evt_1', '--url', receiver.url, '--app-secret', SECRET], {
      cwd: dir,
    });
    expect(byId.exitCode).toBe(0);
    expect(receiver.received.map((r) => r.raw.toString('utf8'))).toEqual([second, first]);
    const missing = await runCli(['send-sample', '--replay', 'evt_nope', '--url', receiver.url], { cwd: dir });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/no record with id evt_nope/);
  });

  it('finds a record far back in a log of many read chunks, and refuses a verification GET', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET });
    const dir = join(tmp.dir, 'replay-long');
    await mkdir(join(dir, '.wa-hook'), { recursive: true });
    const oldest = '{"object":"whatsapp_business_account","note":"oldest ✓"}';
    const verification = JSON.stringify({
      id: 'evt_get',
      receivedAt: new Date().toISOString(),
      kind: 'verification',
      method: 'GET',
      url: '/webhook?hub.mode=subscribe',
      headers: {},
      status: 200,
      signature: 'unchecked',
    });
    // ~600 KB: the reader walks back through about ten 64 KiB chunks, lines split across their edges.
    const filler = Array.from({ length: 2000 }, (_, i) =>
      record(`evt_f${i}`, 'event', `{"pad":"${'x'.repeat(250 + (i % 7))}"}`),
    );
    await writeFile(
      join(dir, '.wa-hook', 'events.jsonl'),
      [record('evt_old', 'event', oldest), verification, ...filler, ''].join('\n'),
    );
    const byId = await runCli(['send-sample', '--replay', 'evt_old', '--url', receiver.url, '--app-secret', SECRET], {
      cwd: dir,
    });
    expect(byId.exitCode).toBe(0);
    expect(receiver.received.map((r) => r.raw.toString('utf8'))).toEqual([oldest]);
    const get = await runCli(['send-sample', '--replay', 'evt_get', '--url', receiver.url], { cwd: dir });
    expect(get.exitCode).toBe(2);
    expect(get.stderr).toMatch(/record evt_get is a GET verification, not a POST with a body/);
    expect(get.stderr).toMatch(/→ pick an event id from `wa-hook events`/);
  });

  it('an empty event log has no accepted event to replay: exit 2 with a hint', async () => {
    const dir = join(tmp.dir, 'replay-empty');
    await mkdir(join(dir, '.wa-hook'), { recursive: true });
    await writeFile(join(dir, '.wa-hook', 'events.jsonl'), record('evt_r', 'rejected', '{}') + '\n');
    const run = await runCli(['send-sample', '--replay', 'last', '--url', CLOSED_ORIGIN], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/no accepted event recorded in .*events\.jsonl/);
    expect(run.stderr).toMatch(/→ list the recorded events with `wa-hook events`/);
  });

  it('without an event log: exit 2 with a hint', async () => {
    const run = await send(['--replay', 'last', '--url', 'http://127.0.0.1:9/webhook']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/no event log to replay from/);
  });
});

describe('send-sample burst', () => {
  /** `SAMPLE --count N --concurrency C --url <the receiver> --app-secret SECRET …` */
  const burst = (sample: string, count: number, concurrency: number, secret: string, ...more: string[]) => [
    sample,
    '--count',
    String(count),
    '--concurrency',
    String(concurrency),
    '--url',
    receiver!.url,
    '--app-secret',
    secret,
    ...more,
  ];

  it('--count 500 --concurrency 20 sends exactly 500, all accepted', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET });
    const run = await send(burst('text', 500, 20, SECRET));
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^sent 500 {2}ok 500 {2}failed 0$/m);
    expect(run.stdout).toMatch(/^\d+ req\/s {2}p50 [\d.]+ ms {2}p99 [\d.]+ ms/m);
    expect(receiver.received).toHaveLength(500);
    expect(receiver.rejected).toBe(0);
    const wamids = new Set(receiver.received.map((r) => valueOf(r.parsed).messages[0].id));
    expect(wamids.size).toBe(500);
  });

  it('--json prints one object; failures exit 1 with the cause', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET });
    const ok = await send(burst('status-read', 37, 5, SECRET, '--json'));
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      sample: 'status-read',
      sent: 37,
      ok: 37,
      failed: 0,
      statuses: { 200: 37 },
      interrupted: false,
    });
    const bad = await send(burst('text', 20, 4, 'nope-nope', '--json'));
    expect(bad.exitCode).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({
      sent: 20,
      ok: 0,
      failed: 20,
      failures: [{ cause: 'signature', count: 20 }],
    });
    expect(bad.stderr).toMatch(/20 of 20 requests failed.*\n.*app secret mismatch/);
  });

  it('stops cleanly on Ctrl-C and reports partial stats', async () => {
    receiver = await startIndependentReceiver({ appSecret: SECRET, countOnly: true });
    const child = startCli(['send-sample', ...burst('text', 100_000_000, 4, SECRET, '--json')], { cwd: tmp.dir });
    await waitFor(() => receiver!.received.length >= 50, { what: 'the burst to start' });
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    const report = JSON.parse(String(result.stdout));
    expect(report.interrupted).toBe(true);
    expect(report.sent).toBeGreaterThanOrEqual(50);
    expect(report.sent).toBe(report.ok + report.failed);
    expect(String(result.stderr)).toMatch(/interrupted after \d+ of 100000000 requests/);
  });
});
