/**
 * The slow real-program cases (../shared/tools), in a loopback-only network namespace:
 * - cloudflared whose edge refuses connections: the QUIC attempt times out, wa-hook switches to HTTP/2, whose
 *   real failure lines repeat in a tight loop; both timeouts are explained with the real dial error and
 *   cloudflared's own CONNECTIVITY PRE-CHECKS verdict (issue 13 items 4, 7), and `up`'s CPU is reported;
 * - the localtunnel server killed and restarted after 6 s: same URL (item 8).
 */
import { readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';
import { realToolsNamespace } from '../helpers/real-tools.js';
import { installRealCloudflared, pidsOf, startQuickTunnelApi } from '../helpers/real-cloudflared.js';
import { restartScenario, startRealLocaltunnelServer, startUpWithLocaltunnel } from '../helpers/real-localtunnel.js';
import { startUpTunnel } from '../helpers/start-up-tunnel.js';
import { waitFor } from '../helpers/wait-for.js';
import { summary } from './helpers.js';

const { netns: inNamespace, skip } = await realToolsNamespace('cloudflared', 'localtunnel-server');

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

describe.skipIf(skip !== undefined)('real tunnel programs, slow cases (loopback-only namespace)', () => {
  const netns = inNamespace!;
  afterAll(async () => {
    await netns.close();
  });

  it('edge refused: QUIC then HTTP/2 timeouts explained with the real dial error and pre-checks', async () => {
    const tmp = await makeTempDir('wa-hook-real-edge-');
    try {
      const cf = await installRealCloudflared(tmp.dir);
      const api = await startQuickTunnelApi(netns);
      const timeout = 15;
      const up = await startUpTunnel(['--tunnel', 'cloudflared', '--no-clipboard', '--no-inspect'], {
        cwd: tmp.dir,
        env: {
          PATH: `${cf.binDir}${delimiter}${process.env.PATH ?? ''}`,
          HOME: tmp.dir,
          WHATSAPP_VERIFY_TOKEN: 'tok_real_edge_0123456789',
          WA_HOOK_TEST_QUICK_SERVICE: `${api}/ok`,
          // Nothing listens there: real QUIC timeouts, real TCP refusals.
          TUNNEL_EDGE: '127.0.0.1:9',
          WA_HOOK_TUNNEL_TIMEOUT: String(timeout),
        },
        wrap: netns.wrap,
      });
      try {
        const isTunnelError = (e: Record<string, unknown>) => e.type === 'error' && e.source === 'tunnel';
        const quic = await up.waitForEvent(isTunnelError, 'the QUIC timeout', (timeout + 20) * 1000);
        expect(quic.id).toBe('edge-unreachable');
        expect(quic.message).toMatch(/over QUIC.*last error: failed to dial to edge with quic/);
        // cloudflared's CONNECTIVITY PRE-CHECKS box (~10 s after start) is the explanation (item 7).
        expect(quic.hint).toMatch(/pre-checks say "Allow outbound QUIC traffic on port 7844 or use HTTP2/);
        expect(quic.hint).not.toMatch(/software updates/);
        expect(quic.hint).toMatch(/--protocol http2/);

        // The retry runs over HTTP/2: its failure lines repeat thousands of times per second.
        await waitFor(async () => (await pidsOf(cf.binary)).length > 0, { what: 'the http2 attempt', timeout: 20_000 });
        const cpu0 = cpuSeconds(up.proc.pid!);
        const t0 = Date.now();
        const errors = () => up.events().filter(isTunnelError);
        await waitFor(() => errors().length >= 2, { what: 'the HTTP/2 timeout', timeout: (timeout + 20) * 1000 });
        const cpu = cpuSeconds(up.proc.pid!) - cpu0;
        const wall = (Date.now() - t0) / 1000;
        summary(
          `real cloudflared http2 failure loop: wa-hook up used ${cpu.toFixed(2)} s CPU in ${wall.toFixed(1)} s (${((cpu / wall) * 100).toFixed(0)}% of a core)`,
        );
        const http2 = errors()[1]!;
        expect(http2.id).toBe('edge-unreachable');
        expect(http2.message).toMatch(
          /over HTTP\/2.*last error: DialContext error: dial tcp 127\.0\.0\.1:9: connect: connection refused/,
        );
        // Item 4: --protocol http2 is what just failed; the hint must not suggest it again.
        expect(http2.hint).not.toMatch(/--protocol http2/);
        expect(http2.hint).toMatch(/TCP port 7844/);
        expect(http2.hint).toMatch(/Allow outbound TCP on port 7844/);
      } finally {
        await up.stop('SIGTERM');
        await waitFor(async () => (await pidsOf(cf.binary)).length === 0, { what: 'cloudflared to exit' });
      }
    } finally {
      await tmp.cleanup();
    }
  });

  it('localtunnel server killed and restarted after 6 s: same URL, receiver serving throughout', async () => {
    const tmp = await makeTempDir('wa-hook-real-lt-');
    let server = await startRealLocaltunnelServer(netns);
    try {
      const socket = await netns.expose(server.port, tmp.dir);
      const t = await startUpWithLocaltunnel(netns, server, tmp.dir);
      const receiver = await netns.expose(t.receiverPort, tmp.dir);
      try {
        const outcome = await restartScenario(netns, server, t, socket, receiver, 6000);
        server = outcome.server;
        // Same URL, never announced as new (Meta's setting stays valid); the receiver answered throughout.
        expect(outcome).toMatchObject({
          verified: { body: '1158201444' },
          announcedChange: false,
          receiverFailures: 0,
        });
        expect(outcome.announcedUrls).toEqual(new Set([t.publicUrl]));
        expect(outcome.receiverChecks).toBeGreaterThan(0);
      } finally {
        await t.up.stop('SIGTERM');
      }
    } finally {
      server.proc.kill('SIGKILL');
      await server.proc;
      await tmp.cleanup();
    }
  });
});
