import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/*.int.test.ts', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
  },
});
