import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Tests that start servers and browsers share two cores; keep file-level parallelism modest.
    maxWorkers: 2,
  },
});
