import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// One cache folder per test run (removed by test/global-setup.ts): no test reads what an earlier
// run, or the user's own specgate, left in ~/.cache/specgate; spawned CLIs inherit it.
process.env.SPECGATE_CACHE_DIR ??= mkdtempSync(join(tmpdir(), 'specgate-test-cache-'));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CLI tests spawn the built bundle; building once here keeps each file from racing to rebuild.
    globalSetup: ['test/global-setup.ts'],
    // The JSON results feed .ci/run's closing 'N passed, N failed' line.
    reporters: ['default', ['json', { outputFile: '.tmp/vitest-results.json' }]],
  },
});
