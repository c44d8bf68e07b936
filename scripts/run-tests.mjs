#!/usr/bin/env node
// Runs vitest, then prints the plain closing line "N passed, N failed" that CI reads, and exits with vitest's code.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const report = 'test-artifacts/vitest-report.json';
mkdirSync('test-artifacts', { recursive: true });
const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const result = spawnSync('npx', args, { stdio: 'inherit', shell: process.platform === 'win32' });
let summary = 'tests: no report written';
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  summary = `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
} catch {
  // No report: the closing line says so.
}
console.log(summary);
process.exit(result.status ?? 1);
