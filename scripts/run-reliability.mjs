#!/usr/bin/env node
// `npm run test:reliability`: runs the reliability properties (vitest.reliability.config.ts), then prints
// one summary line per property with its figures and the plain closing line "reliability: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const report = 'test-artifacts/reliability-report.json';
const summary = 'test-artifacts/reliability-summary.txt';
mkdirSync('test-artifacts', { recursive: true });
rmSync(summary, { force: true });
const args = [
  'vitest',
  'run',
  '-c',
  'vitest.reliability.config.ts',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const result = spawnSync('npx', args, { stdio: 'inherit', shell: process.platform === 'win32' });
console.log('');
if (existsSync(summary)) process.stdout.write(readFileSync(summary, 'utf8'));
let closing = 'reliability: no report written';
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  closing = `reliability: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
} catch {
  // No report: the closing line says so.
}
console.log(closing);
process.exit(result.status ?? 1);
