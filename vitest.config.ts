import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.js'],
    // The long reliability properties run separately: `npm run test:reliability`.
    exclude: ['test/reliability/**', '**/node_modules/**'],
    // Integration tests spawn the built CLI and real loopback servers: give them room on a 2-core CI box.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
