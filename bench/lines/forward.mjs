// Forwarder: `up --forward-to` against a minimal undici proxy and node-http-proxy (bench/peers), each
// recording one line per exchange, all in front of the same bare backend. Throughput (autocannon c=50,
// medians of interleaved rounds, quiet then with a core kept busy) and the added p50 latency of
// sequential requests over the backend hit directly (autocannon's percentiles are whole milliseconds).
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_SECRET, VERIFY_TOKEN, signedText } from '../lib/payload.mjs';
import { startBare, startBusyLoop, startPeer, startUp } from '../lib/procs.mjs';
import { interleaved, median } from '../lib/rounds.mjs';
import { compareLine, infoLine } from '../lib/table.mjs';

const ROUNDS = 3;
const SECONDS = 2;
const PROBES = 1_000;

function post(agent, url, body, headers) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Median latency of sequential requests, the targets interleaved request by request. */
async function probeLatency(urls, body, headers) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const samples = urls.map(() => []);
  for (let i = 0; i < PROBES; i++) {
    for (const [k, url] of urls.entries()) {
      const r = await post(agent, url, body, headers);
      if (r.status !== 200) throw new Error(`${url} answered ${r.status}`);
      samples[k].push(r.ms);
    }
  }
  agent.destroy();
  return samples.map(median);
}

const fmt = (x) => Math.round(x).toLocaleString('en-US');

export async function forwardLines() {
  const dir = mkdtempSync(join(tmpdir(), 'wa-hook-bench-'));
  const backend = await startBare();
  const { body, headers } = signedText();
  const servers = [];
  try {
    const up = await startUp(
      ['--forward-to', backend.url, '--app-secret', APP_SECRET, '--verify-token', VERIFY_TOKEN, '--no-inspect'],
      dir,
    );
    servers.push({ name: 'wa-hook', pid: up.pid, url: up.url, stop: up.stop });
    for (const name of ['undici-proxy', 'http-proxy'])
      servers.push({
        ...(await startPeer(name, ['--target', backend.url, '--log', join(dir, `${name}.jsonl`)])),
        name,
      });
    const [viaUp, viaUndici, direct] = await probeLatency([up.url, servers[1].url, backend.url], body, headers);
    const load = { body, headers, connections: 50, seconds: SECONDS };
    const quiet = await interleaved(servers, load, { rounds: ROUNDS });
    const busy = startBusyLoop();
    let loaded;
    try {
      loaded = await interleaved(servers.slice(0, 2), load, { rounds: ROUNDS });
    } finally {
      await busy.stop('SIGKILL');
    }
    const info = (r) => `${fmt(r.rps)} req/s, ${r.cpuUs.toFixed(1)} µs/req`;
    return {
      lines: [
        compareLine('forward req/s vs undici proxy', quiet['wa-hook'].rps, quiet['undici-proxy'].rps, {
          min: 0.9,
          failures: quiet['wa-hook'].bad,
        }),
        compareLine('forward req/s vs undici proxy, loaded', loaded['wa-hook'].rps, loaded['undici-proxy'].rps, {
          min: 0.9,
          failures: loaded['wa-hook'].bad,
        }),
        compareLine('forward CPU µs/req vs undici proxy', quiet['wa-hook'].cpuUs, quiet['undici-proxy'].cpuUs, {
          max: 1.15,
        }),
        {
          metric: 'forward added p50 (ms, sequential, vs backend direct)',
          ours: viaUp - direct,
          base: viaUndici - direct,
          target: '≤ 0.4 ms',
          met: viaUp - direct <= 0.4,
        },
        infoLine('  wa-hook', info(quiet['wa-hook'])),
        infoLine('  undici proxy', info(quiet['undici-proxy'])),
        infoLine('  http-proxy', info(quiet['http-proxy'])),
      ],
      details: { quiet, loaded, p50: { viaUp, viaUndici, direct }, probes: PROBES },
    };
  } finally {
    for (const s of servers) await s.stop();
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
