// Receiver: `wa-hook up` against receivers doing the same work per event (bench/peers): the hand-written
// node:http receiver (per-request and batched writes), whatsapp-api-js `post()`, fastify with a raw-body
// parser. Two bodies (the 624 B text event, a ~60 KB contacts event with non-ASCII escaped), autocannon
// c=50, medians of interleaved rounds; then the same against the hand-written ones with a core kept busy.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_SECRET, VERIFY_TOKEN, benchBodies } from '../lib/payload.mjs';
import { startBusyLoop, startPeer, startUp } from '../lib/procs.mjs';
import { interleaved } from '../lib/rounds.mjs';
import { compareLine, infoLine } from '../lib/table.mjs';

const ROUNDS = 3;
const SECONDS = 2;
const CONNECTIONS = 50;
const HAND = ['hand', 'hand-batched'];
const FRAMEWORKS = ['whatsapp-api-js', 'fastify'];

/** The best hand-written side (highest median req/s) and the lowest CPU per request among them. */
function bestHand(result) {
  const hands = HAND.map((name) => ({ name, ...result[name] }));
  const best = hands.reduce((a, b) => (b.rps > a.rps ? b : a));
  const cpu = hands.reduce((a, b) => (b.cpuUs < a.cpuUs ? b : a));
  return { best, cpu };
}

function linesFor(label, result, targets, loaded) {
  const ours = result['wa-hook'];
  const { best, cpu } = bestHand(result);
  const lines = [
    compareLine(`receiver ${label}${loaded ? ', loaded' : ''}: req/s vs ${best.name}`, ours.rps, best.rps, {
      min: targets.rps,
      failures: ours.bad,
    }),
    compareLine(`receiver ${label}${loaded ? ', loaded' : ''}: CPU µs/req vs ${cpu.name}`, ours.cpuUs, cpu.cpuUs, {
      max: targets.cpu,
    }),
  ];
  const others = Object.keys(result).filter((n) => n !== 'wa-hook');
  if (!loaded && targets.aheadOfFrameworks) {
    const fastest = FRAMEWORKS.map((name) => ({ name, ...result[name] })).reduce((a, b) => (b.rps > a.rps ? b : a));
    lines.push(
      compareLine(`receiver ${label}: req/s vs fastest framework (${fastest.name})`, ours.rps, fastest.rps, {
        min: 1,
        strict: true,
      }),
    );
  }
  for (const name of others)
    lines.push(infoLine(`  ${name}: req/s, CPU µs/req`, `${fmt(result[name].rps)}, ${fmt(result[name].cpuUs)}`));
  lines.push(infoLine(`  wa-hook: req/s, CPU µs/req`, `${fmt(ours.rps)}, ${fmt(ours.cpuUs)}`));
  return lines;
}

const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));

export async function receiverLines() {
  const dir = mkdtempSync(join(tmpdir(), 'wa-hook-bench-'));
  const bodies = benchBodies();
  const peer = (name, script, extra = []) =>
    startPeer(script, ['--secret', APP_SECRET, '--log', join(dir, `${name}.jsonl`), ...extra]).then((p) => ({
      ...p,
      name,
    }));
  const servers = [];
  try {
    const up = await startUp(['--app-secret', APP_SECRET, '--verify-token', VERIFY_TOKEN, '--no-inspect'], dir);
    servers.push({ name: 'wa-hook', pid: up.pid, url: up.url, stop: up.stop });
    servers.push(await peer('hand', 'hand-receiver'));
    servers.push(await peer('hand-batched', 'hand-receiver', ['--batched']));
    servers.push(await peer('whatsapp-api-js', 'wa-api-js-receiver'));
    servers.push(await peer('fastify', 'fastify-receiver'));
    const loadedSides = servers.filter((s) => s.name === 'wa-hook' || HAND.includes(s.name));
    const sizes = [
      ['624 B text', bodies.small, { rps: 0.9, cpu: 1.15 }],
      ['60 KB contacts', bodies.large, { rps: 0.9, cpu: 1.2, aheadOfFrameworks: true }],
    ];
    const lines = [];
    const details = { quiet: {}, loaded: {} };
    for (const [label, { body, headers }, targets] of sizes) {
      const load = { body, headers, connections: CONNECTIONS, seconds: SECONDS };
      details.quiet[label] = await interleaved(servers, load, { rounds: ROUNDS });
      lines.push(...linesFor(label, details.quiet[label], targets, false));
    }
    const busy = startBusyLoop();
    try {
      for (const [label, { body, headers }, targets] of sizes) {
        const load = { body, headers, connections: CONNECTIONS, seconds: SECONDS };
        details.loaded[label] = await interleaved(loadedSides, load, { rounds: ROUNDS });
        lines.push(...linesFor(label, details.loaded[label], targets, true));
      }
    } finally {
      await busy.stop('SIGKILL');
    }
    return { lines, details: { ...details, rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS } };
  } finally {
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
