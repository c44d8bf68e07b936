import { apiUrl } from '../helpers/inspector-api.js';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { startUp, type RunningUp } from '../helpers/start-up.js';
import { waitFor } from '../helpers/wait-for.js';
import { SECRETS, metaText, signedHeaders, summary } from './helpers.js';

const ENV = {
  WHATSAPP_VERIFY_TOKEN: SECRETS.verifyToken,
  WHATSAPP_APP_SECRET: SECRETS.appSecret,
  WHATSAPP_ACCESS_TOKEN: SECRETS.accessToken,
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_BUSINESS_ACCOUNT_ID: '102290129340398',
  WHATSAPP_APP_ID: '1234567890',
};

/** Loopback stand-in for the Graph API, so commands that use the access token really send it somewhere. */
function fakeGraph(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.FAKEGRAPH' }], data: [] }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('secrets never appear in full', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let graph: Server;
  beforeAll(async () => {
    tmp = await makeTempDir('wa-hook-secrets-');
    graph = await fakeGraph();
  });
  afterAll(async () => {
    graph?.close();
    await tmp?.cleanup();
  });

  it('in any output of any command, the event log or the inspector', async () => {
    const env = { ...ENV, WA_HOOK_GRAPH_URL: `http://127.0.0.1:${(graph.address() as AddressInfo).port}` };
    const captured: Array<{ what: string; text: string }> = [];
    const keep = (what: string, run: CliRun) =>
      captured.push({ what: `${what} (stdout)`, text: run.stdout }, { what: `${what} (stderr)`, text: run.stderr });
    const cli = async (args: string[]) => keep(`wa-hook ${args.join(' ')}`, await runCli(args, { cwd: tmp.dir, env }));

    for (const command of ['', 'up', 'verify', 'send-sample', 'doctor', 'events', 'init'])
      await cli([...(command ? [command] : []), '--help']);

    for (const json of [[], ['--json']]) {
      const up: RunningUp = await startUp(['--echo', '--inspect-port', '0', ...json], { cwd: tmp.dir, env });
      try {
        const base = up.url;
        // Handshakes: right token, wrong token, and a wrong token that contains the real one.
        for (const token of [SECRETS.verifyToken, 'wrong-token', `${SECRETS.verifyToken}x`]) {
          const r = await fetch(
            `${base}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${encodeURIComponent(token)}`,
          );
          await r.text();
        }
        const body = metaText('wamid.SECRETS');
        await (await fetch(base, { method: 'POST', body, headers: signedHeaders(body) })).text();
        await (
          await fetch(base, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' },
          })
        ).text();
        await cli(['verify', ...json]);
        await cli(['verify', '--url', base, ...json]);
        await cli(['send-sample', 'text', ...json]);
        await cli(['send-sample', '--bad-signature', ...json]);
        await cli(['send-sample', '--list', ...json]);
        await cli(['send-sample', '--replay', 'last', ...json]);
        await cli(['send-sample', 'text', '--count', '20', '--concurrency', '5', ...json]);
        await cli(['events', ...json]);
        await cli(['doctor', ...json]);
        await cli(['doctor', '--offline', ...json]);
        const ready = up.events().find((e) => e.type === 'ready');
        const inspector = ready?.inspectorUrl
          ? (ready.inspectorUrl as string)
          : /https?:\/\/127\.0\.0\.1:\d+\/?\S*inspect\S*|http:\/\/127\.0\.0\.1:\d+\/(?=\s)/.exec(up.stderr())?.[0];
        if (inspector) {
          for (const path of ['/', '/api/info', '/api/events', '/api/samples']) {
            const r = await fetch(path === '/' ? new URL(path, inspector) : apiUrl(inspector, path));
            captured.push({ what: `inspector ${path}`, text: await r.text() });
          }
        }
        await waitFor(() => up.events().length > 0 || up.stderr().length > 0);
      } finally {
        await up.stop('SIGINT');
      }
      captured.push(
        {
          what: `up ${json.join(' ')} (stdout)`,
          text: up
            .events()
            .map((e) => JSON.stringify(e))
            .join('\n'),
        },
        { what: `up ${json.join(' ')} (stderr)`, text: up.stderr() },
      );
    }
    // Commands without a running `up` (state file gone): their error paths print too.
    await cli(['verify']);
    await cli(['send-sample', 'text']);
    captured.push({
      what: '.wa-hook/events.jsonl',
      text: readFileSync(join(tmp.dir, '.wa-hook', 'events.jsonl'), 'utf8'),
    });

    const leaks = captured.flatMap(({ what, text }) =>
      Object.entries(SECRETS)
        .filter(([, secret]) => text.includes(secret))
        .map(([name]) => `${name} in ${what}`),
    );
    const bytes = captured.reduce((n, c) => n + c.text.length, 0);
    const inspected = captured.filter((c) => c.what.startsWith('inspector')).length;
    summary(
      `secrets: ${captured.length} outputs captured (${bytes} chars, ${inspected} inspector pages, the event log), leaks ${leaks.length}${leaks.length ? `: ${leaks.join('; ')}` : ''}`,
    );
    expect(inspected).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });
});
