import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.js'],
    // The long reliability properties run separately: `npm run test:reliability`.
    exclude: ['test/reliability/**', '**/node_modules/**'],
    // Integration tests spawn the built CLI and real loopback servers: give them room on a 2-core CI box.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll waits for behaviour (a page update, a file): its deadline is a safety net, not a guess of
    // how fast a loaded machine is (the default 1 s failed the inspector's Replay test under load).
    expect: { poll: { timeout: 20_000 } },
    pool: 'forks',
    maxWorkers: 2,
  },
});
