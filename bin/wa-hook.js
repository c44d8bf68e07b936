#!/usr/bin/env node
// Tiny launcher: all logic lives in dist/cli.js (built from src/cli.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (existsSync(fileURLToPath(cli))) {
  import(cli.href).then((m) => m.main(process.argv));
} else {
  // A source clone that was never built: say what to do instead of an ERR_MODULE_NOT_FOUND stack.
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(
    `✖ wa-hook is not built: ${root}dist/ is missing\n` + `  → run \`npm install && npm run build\` in ${root}\n`,
  );
  process.exitCode = 1;
}
