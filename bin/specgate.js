#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/ at install time (npm `prepare`), so start-up never compiles TypeScript.
import('../dist/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
    console.error('specgate: not built yet; run `npm run build` (npm ci does this through `prepare`)');
    process.exit(2);
  }
  throw err;
});
