import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start the compiled server as `npm start` does: dist/ is rebuilt first when src/ changed.
    globalSetup: ['test/support/build-dist.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Tests that start servers and browsers share two cores; keep file-level parallelism modest.
    maxWorkers: 2,
  },
});
