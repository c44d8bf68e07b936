import { defineConfig } from 'vitest/config';

// `npm run test:reliability`: long-running properties of the built CLI (fuzz, no loss, kill -9 durability,
// orphans, secrets, binding). Not part of `npm test`; one file at a time so they do not starve each other.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
