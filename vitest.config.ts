import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // After every test: no mention, channel link or date reached the Slack stand-in HTML-escaped.
    setupFiles: ['test/support/markup-check.ts'],
    // Integration tests spawn real processes and bind real ports; two cores, so keep parallelism modest.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
