import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Go builds take seconds; koffi is native code, so each test file gets its own process.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
