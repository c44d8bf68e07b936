/**
 * A tunnel started by hand on another port than the receiver's (issue 26, item 9). Reports: ngrok started on the
 * wrong port shows "The connection to https://sd52w84s.ngrok.io was successfully tunneled to your ngrok client, but
 * the client failed to establish a connection to the local address localhost:20 … Make sure that a web service is
 * running on localhost:5229" — https://github.com/TelegramBots/Telegram.Bot.Examples/issues/106; "ngrok http 4001"
 * while the receiver ran elsewhere → 502 Bad Gateway — https://github.com/formio/formio-webhook-receiver/issues/4.
 * doctor reads the tunnels' own status: ngrok's agent API (a fake answering exactly the documented List Tunnels
 * shape, https://ngrok.com/docs/agent/api/) and the real cloudflared's metrics server.
 */
import { execa } from 'execa';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSampleReceiver, type SampleReceiver } from '../fixtures/sample-receiver.js';
import { closedPort, doctorJson, goodEnv, makeProject, VERIFY_TOKEN } from '../helpers/doctor-project.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { BIN, cliEnv } from '../helpers/run-cli.js';
import { requestVia } from '../helpers/netns.js';
import { waitFor } from '../helpers/wait-for.js';
import { REAL_CLOUDFLARED, realToolsNamespace } from '../helpers/real-tools.js';
import { startQuickTunnelApi } from '../helpers/real-cloudflared.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import type { Finding } from '../../src/doctor/diagnose.js';

/** ngrok's documented List Tunnels answer (https://ngrok.com/docs/agent/api/, "Example Response"). */
function ngrokTunnels(addr: string) {
  const metrics = {
    conns: { count: 0, gauge: 0, rate1: 0, rate5: 0, rate15: 0, p50: 0, p90: 0, p95: 0, p99: 0 },
    http: { count: 0, rate1: 0, rate5: 0, rate15: 0, p50: 0, p90: 0, p95: 0, p99: 0 },
  };
  return {
    tunnels: [
      {
        name: 'command_line',
        uri: '/api/tunnels/command_line',
        public_url: 'https://d95211d2.ngrok.io',
        proto: 'https',
        config: { addr, inspect: true },
        metrics,
      },
    ],
    uri: '/api/tunnels',
  };
}

describe('doctor reads ngrok’s agent API', () => {
  let receiver: SampleReceiver;
  let ngrok: LoopbackServer;
  let addr = '';
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    receiver = await startSampleReceiver({ verifyToken: VERIFY_TOKEN });
    ngrok = await startLoopbackServer((req, res) => {
      if (req.method === 'GET' && req.url === '/api/tunnels')
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ngrokTunnels(addr)));
      else res.writeHead(404).end();
    });
  });
  afterAll(async () => Promise.all([receiver.close(), ngrok.close()]));
  afterEach(async () => cleanup?.());

  async function doctor(): Promise<{ byId: (id: string) => Finding; findings: Finding[] }> {
    const project = await makeProject(goodEnv({ WHATSAPP_ACCESS_TOKEN: undefined }));
    cleanup = project.cleanup;
    return doctorJson(project.dir, ['--offline'], {
      PORT: String(receiver.port),
      WA_HOOK_NGROK_API: ngrok.url,
      WA_HOOK_CLOUDFLARED_METRICS: `127.0.0.1:${await closedPort()}`,
    });
  }

  it('healthy control: ngrok forwards to the receiver’s port — ok, no warning', async () => {
    addr = `http://localhost:${receiver.port}`;
    const { byId, findings } = await doctor();
    expect(byId('public.tunnel-port')).toMatchObject({ status: 'ok' });
    expect(byId('public.tunnel-port').finding).toBe(
      `ngrok forwards https://d95211d2.ngrok.io to http://localhost:${receiver.port}, the receiver's port`,
    );
    expect(findings.filter((f) => f.group === 'public' && (f.status === 'warn' || f.status === 'fail'))).toEqual([]);
    expect(ngrok.requests.some((r) => r.url === '/api/tunnels')).toBe(true);
  });

  it('ngrok v2’s "localhost:20" (the report’s wrong port, nothing there): both ports and `ngrok http PORT`', async () => {
    addr = 'localhost:20';
    const { byId } = await doctor();
    const f = byId('public.tunnel-port');
    expect(f.status).toBe('fail');
    expect(f.finding).toBe(
      `ngrok forwards https://d95211d2.ngrok.io to localhost:20 (port 20), but the receiver listens on port ${receiver.port}. Nothing listens on 20: ngrok answers 502 (ERR_NGROK_8012) and Meta reports the callback as not validated.`,
    );
    expect(f.fix).toBe(
      `restart the tunnel on the receiver's port: \`ngrok http ${receiver.port}\` (a new URL: register it in Meta) — or run the receiver on port 20 (PORT=20)`,
    );
  });
});

const { netns: inNamespace, skip } = await realToolsNamespace('cloudflared');

describe.skipIf(skip !== undefined)('doctor reads the real cloudflared’s metrics (loopback-only namespace)', () => {
  const netns = inNamespace!;
  let api: string;
  let home: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    api = await startQuickTunnelApi(netns);
    home = await makeTempDir('wa-hook-cf-home-');
  });
  afterAll(async () => {
    await netns.close();
    await home.cleanup();
  });

  /** `cloudflared tunnel --url URL` as a user starts it by hand; resolves with its metrics address. */
  async function startCloudflared(url: string): Promise<{ metrics: string; stop: () => void }> {
    const cf = netns.spawn(
      REAL_CLOUDFLARED,
      ['tunnel', '--no-autoupdate', '--quick-service', `${api}/ok`, '--url', url, '--metrics', '127.0.0.1:0'],
      // TUNNEL_EDGE: an edge address where nothing answers, so cloudflared keeps retrying instead of exiting.
      {
        buffer: false,
        env: { HOME: home.dir, PATH: process.env.PATH ?? '', TUNNEL_EDGE: '127.0.0.1:9' },
        extendEnv: false,
      },
    );
    let log = '';
    for (;;) {
      const [chunk] = (await once(cf.stderr!, 'data')) as [Buffer];
      log += chunk.toString();
      const m = /Starting metrics server on (\S+?)\/metrics/.exec(log);
      if (m) {
        // The metrics server answers /config once the tunnel's configuration is loaded: wait for that, as a user
        // running doctor a moment after starting cloudflared would.
        const socket = await netns.expose(Number(m[1]!.split(':').pop()), home.dir);
        await waitFor(
          async () => (await requestVia(socket, { path: '/config' }).catch(() => undefined))?.status === 200,
          {
            timeout: 15_000,
            what: "cloudflared's /config",
          },
        );
        return { metrics: m[1]!, stop: () => cf.kill('SIGKILL') };
      }
    }
  }

  async function doctorInside(metrics: string): Promise<Finding[]> {
    const project = await makeProject(goodEnv({ WHATSAPP_ACCESS_TOKEN: undefined }));
    try {
      const run = await execa(
        netns.wrap[0]!,
        [...netns.wrap.slice(1), process.execPath, BIN, 'doctor', '--json', '--offline'],
        {
          cwd: project.dir,
          env: cliEnv({ PORT: '8000', WA_HOOK_CLOUDFLARED_METRICS: metrics, WA_HOOK_NGROK_API: 'http://127.0.0.1:1' }),
          extendEnv: false,
          reject: false,
        },
      );
      return JSON.parse(String(run.stdout)) as Finding[];
    } finally {
      await project.cleanup();
    }
  }

  it('cloudflared started on port 3000 while the receiver’s port is 8000: both ports and the command', async () => {
    const cf = await startCloudflared('http://localhost:3000');
    try {
      const f = (await doctorInside(cf.metrics)).find((x) => x.id === 'public.tunnel-port')!;
      expect(f.status).toBe('fail');
      expect(f.finding).toContain(
        'cloudflared forwards https://fast-eel-53.trycloudflare.com to http://localhost:3000 (port 3000), but the receiver listens on port 8000. Nothing listens on 3000',
      );
      expect(f.fix).toContain('`cloudflared tunnel --url http://localhost:8000`');
    } finally {
      cf.stop();
    }
  });

  it('healthy control: cloudflared on the receiver’s port is ok', async () => {
    const cf = await startCloudflared('http://localhost:8000');
    try {
      const f = (await doctorInside(cf.metrics)).find((x) => x.id === 'public.tunnel-port')!;
      expect(f).toMatchObject({ status: 'ok' });
      expect(f.finding).toContain(
        'cloudflared forwards https://fast-eel-53.trycloudflare.com to http://localhost:8000',
      );
    } finally {
      cf.stop();
    }
  });
});
