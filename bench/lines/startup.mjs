// Startup: wall time of every `--help` vs `node -e 0`, the floor any Node CLI pays. Interleaved runs,
// median of each.
import { BIN, timeRun } from '../lib/procs.mjs';
import { median } from '../lib/rounds.mjs';
import { compareLine } from '../lib/table.mjs';

const RUNS = 11;
const COMMANDS = ['', 'up', 'verify', 'send-sample', 'doctor', 'init', 'events'];

export async function startupLines() {
  const cases = { node: [process.execPath, ['-e', '0']] };
  for (const c of COMMANDS) cases[c || 'root'] = [process.execPath, [BIN, ...(c ? [c] : []), '--help']];
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, [cmd, args]] of Object.entries(cases)) {
      const run = await timeRun(cmd, args);
      if (run.code !== 0) throw new Error(`${name} exited ${run.code}: ${run.stderr.slice(0, 300)}`);
      times[name].push(run.ms);
    }
  }
  const base = median(times.node);
  return {
    lines: COMMANDS.map((c) =>
      compareLine(`startup \`wa-hook${c ? ` ${c}` : ''} --help\` (ms) vs node -e 0`, median(times[c || 'root']), base, {
        max: 1.4,
      }),
    ),
    details: { runs: RUNS, times },
  };
}
