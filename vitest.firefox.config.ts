import { defineConfig } from 'vitest/config';

// The Firefox end-to-end test (real Firefox ESR): its own step in npm test, after the build.
export default defineConfig({
  test: {
    include: ['test/firefox/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
