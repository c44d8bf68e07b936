// Forward overhead: `up --forward-to` in front of a bare backend vs the backend hit directly.
// Throughput under autocannon (50 connections, alternated rounds), and the added p50 latency of single
// sequential requests on a keep-alive connection (autocannon's percentiles are whole milliseconds).
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_SECRET, VERIFY_TOKEN, signedText } from '../lib/payload.mjs';
import { autocannon, startBare, startUp } from '../lib/procs.mjs';

const ROUNDS = 3;
const SECONDS = 4;
const PROBES = 2_000;

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

/** Median latency of sequential requests, the two targets interleaved request by request. */
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
  return samples.map((xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
}

export async function forwardLines() {
  const dir = mkdtempSync(join(tmpdir(), 'wa-hook-bench-'));
  const backend = await startBare();
  const { body, headers } = signedText();
  let up;
  try {
    up = await startUp(
      ['--forward-to', backend.url, '--app-secret', APP_SECRET, '--verify-token', VERIFY_TOKEN],
      dir,
    ).catch(() => undefined);
    const before = await backend.count();
    const probe = up && (await post(undefined, up.url, body, headers).catch(() => undefined));
    if (!up || probe?.status !== 200 || (await backend.count()) === before) {
      return { lines: [{ metric: 'forward overhead', na: 'n/a (not built yet)', target: '+p50 < 1 ms, ≥ 0.7×' }] };
    }
    const [viaUp, direct] = await probeLatency([up.url, backend.url], body, headers);
    const load = (url, duration = SECONDS) => autocannon(url, { body, headers, connections: 50, duration });
    await load(backend.url, 1);
    await load(up.url, 1);
    const runs = { forward: [], direct: [] };
    for (let i = 0; i < ROUNDS; i++) {
      runs.direct.push((await load(backend.url)).requests.average);
      runs.forward.push((await load(up.url)).requests.average);
    }
    const fw = Math.max(...runs.forward);
    const dr = Math.max(...runs.direct);
    return {
      lines: [
        {
          metric: 'forward throughput (req/s)',
          ours: fw,
          base: dr,
          ratio: fw / dr,
          target: '≥ 0.7× direct',
          met: fw / dr >= 0.7,
        },
        {
          metric: 'forward p50 latency (ms, sequential)',
          ours: viaUp,
          base: direct,
          ratio: viaUp / direct,
          target: 'added < 1 ms',
          met: viaUp - direct < 1,
        },
      ],
      details: { runs, p50: { viaUp, direct, added: viaUp - direct }, probes: PROBES },
    };
  } finally {
    await up?.stop();
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
