import { execFileSync } from 'node:child_process';

/** Tests that spawn `bin/specgate.js` need dist/ in step with src/: build once per test run. */
export default function setup(): void {
  try {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  } catch {
    // Library tests run from src/ and still mean something; CLI tests will fail on their own.
    console.error('test setup: build failed; tests that spawn the CLI will fail');
  }
}
