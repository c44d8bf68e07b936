#!/usr/bin/env node
// `npm run test:load`: the test suite with every CPU kept busy by other processes, to prove that no test
// depends on how fast the machine is. Extra arguments go to vitest (e.g. a file). Prints the wall time.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const hogs = Number(process.env.LOAD_PROCESSES ?? availableParallelism());
// Each burner spins, and ends itself once this script is gone (Ctrl-C must not leave CPU hogs behind).
const BURN = `const p = ${process.pid}; let next = 0;
for (;;) { if (Date.now() > next) { next = Date.now() + 500; try { process.kill(p, 0); } catch { process.exit(0); } } }`;
const burners = Array.from({ length: hogs }, () => spawn(process.execPath, ['-e', BURN], { stdio: 'ignore' }));
const started = Date.now();
console.error(`test:load: ${hogs} busy-loop processes keep the CPUs saturated`);
const result = spawnSync(process.execPath, ['scripts/run-tests.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const b of burners) b.kill('SIGKILL');
const status = result.status ?? 1;
console.log(`test:load: ${Math.round((Date.now() - started) / 1000)} s under load, exit ${status}`);
process.exit(status);
