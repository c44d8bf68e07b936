// Startup: wall time of `wa-hook --help` and `wa-hook verify --help` vs `node -e 0`, the floor any Node CLI
// pays. Minimum of N alternated runs: the minimum is the run least disturbed by the rest of the machine.
import { BIN, timeRun } from '../lib/procs.mjs';

const RUNS = 15;

export async function startupLines() {
  const cases = {
    node: [process.execPath, ['-e', '0']],
    help: [process.execPath, [BIN, '--help']],
    verifyHelp: [process.execPath, [BIN, 'verify', '--help']],
  };
  const times = { node: [], help: [], verifyHelp: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const [name, [cmd, args]] of Object.entries(cases)) {
      const run = await timeRun(cmd, args);
      if (run.code !== 0) throw new Error(`${name} exited ${run.code}: ${run.stderr.slice(0, 300)}`);
      times[name].push(run.ms);
    }
  }
  const min = (xs) => Math.min(...xs);
  const base = min(times.node);
  return {
    lines: [
      {
        metric: 'startup `wa-hook --help` (ms, min of 15)',
        ours: min(times.help),
        base,
        ratio: min(times.help) / base,
        target: '≤ 1.5×',
        met: min(times.help) / base <= 1.5,
      },
      {
        metric: 'startup `wa-hook verify --help` (ms)',
        ours: min(times.verifyHelp),
        base,
        ratio: min(times.verifyHelp) / base,
        target: '≤ 1.5×',
        met: min(times.verifyHelp) / base <= 1.5,
      },
    ],
    details: { runs: RUNS, times },
  };
}
