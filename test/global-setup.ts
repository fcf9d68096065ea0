import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

/** Tests that spawn `bin/specgate.js` need dist/ in step with src/: build once per test run. */
export default function setup(): () => void {
  try {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  } catch {
    // Library tests run from src/ and still mean something; CLI tests will fail on their own.
    console.error('test setup: build failed; tests that spawn the CLI will fail');
  }
  // The per-run cache folder of vitest.config.ts.
  return () => {
    if (process.env.SPECGATE_CACHE_DIR?.includes('specgate-test-cache-')) rmSync(process.env.SPECGATE_CACHE_DIR, { recursive: true, force: true });
  };
}
