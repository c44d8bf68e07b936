#!/usr/bin/env node
// `npm run bench`: wa-hook against tools doing the same work (bench/peers), measured side by side in one
// run on this machine: medians of interleaved rounds, CPU per request from /proc, quiet and with a core kept
// busy. Prints the ratio table (wa-hook, peer, ratio, target, PASS/MISS) and writes bench/results.json.
// Everything runs on loopback; each load run is bounded in time (whole bench: about five minutes).
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { renderMarkdown, renderTable } from './lib/table.mjs';
import { receiverLines } from './lines/receiver.mjs';
import { senderLines } from './lines/sender.mjs';
import { forwardLines } from './lines/forward.mjs';
import { startupLines } from './lines/startup.mjs';
import { tunnelLines } from './lines/tunnel.mjs';
import { memoryLines } from './lines/memory.mjs';
import { conversationLines } from './lines/conversation.mjs';
import { localMetaLines } from './lines/local-meta.mjs';
import { phoneLines } from './lines/phone.mjs';

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));

const only = process.argv.slice(2);
const sections = [
  ['receiver', receiverLines],
  ['forward', forwardLines],
  ['sender', senderLines],
  ['startup', startupLines],
  ['memory', memoryLines],
  ['tunnel', tunnelLines],
  ['conversation', conversationLines],
  ['local', localMetaLines],
  ['phone', phoneLines],
];

const started = Date.now();
const machine = {
  cores: availableParallelism(),
  cpu: cpus()[0]?.model,
  node: process.version,
  loadAverageAtStart: loadavg().map((x) => +x.toFixed(2)),
};
process.stderr.write(
  `wa-hook bench on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')}\n`,
);

const lines = [];
const details = {};
for (const [name, run] of sections.filter(([name]) => only.length === 0 || only.includes(name))) {
  process.stderr.write(`… ${name}\n`);
  try {
    const result = await run();
    lines.push(...result.lines);
    details[name] = result.details;
  } catch (error) {
    lines.push({ metric: name, na: `error: ${String(error.message ?? error).split('\n')[0]}`, target: '' });
    details[name] = { error: String(error.stack ?? error) };
  }
}
machine.loadAverageAtEnd = loadavg().map((x) => +x.toFixed(2));

console.log(renderTable(lines));
console.log(
  `\n${machine.cores} cores, load average ${machine.loadAverageAtStart.join(' ')} → ${machine.loadAverageAtEnd.join(' ')}; ${Math.round((Date.now() - started) / 1000)} s`,
);
writeFileSync(
  RESULTS,
  `${JSON.stringify({ date: new Date().toISOString(), machine, lines, markdown: renderMarkdown(lines), details }, null, 2)}\n`,
);
console.log(`results: ${RESULTS}`);
