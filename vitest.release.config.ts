import { defineConfig } from 'vitest/config';

// The checks on release/ (after `npm run package`): kept out of the unit run, which comes before the build.
export default defineConfig({
  test: {
    include: ['test/release/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
  },
});
