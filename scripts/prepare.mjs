#!/usr/bin/env node
// `npm install` runs this (npm's "prepare"). It builds dist/ when TypeScript is installed; an install
// without dev dependencies (`npm install --omit=dev`) has no tsc, and must not fail because of it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.error(
    'wa-hook: TypeScript is not installed (dev dependencies omitted), so dist/ was not built.\n' +
      '  → run `npm install` (with dev dependencies), then `npm run build`, before running wa-hook from this folder',
  );
  process.exit(0);
}
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
