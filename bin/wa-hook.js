#!/usr/bin/env node
// Tiny launcher: all logic lives in dist/cli.js (built from src/cli.ts).
import('../dist/cli.js').then((m) => m.main(process.argv));
