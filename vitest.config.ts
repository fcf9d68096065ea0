import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CLI tests spawn the built bundle; building once here keeps each file from racing to rebuild.
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default'],
  },
});
