// Tests against real services (a real chat model for second-opinion): never part of `npm test`.
// Run: CHARTCODER_SECOND_OPINION_MODEL=./my-model.mjs npx vitest run --config vitest.int.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.int.test.ts'],
    testTimeout: 600_000,
    globalSetup: ['./test/support/global-setup.ts'],
  },
});
