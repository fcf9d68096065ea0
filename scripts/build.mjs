// Build: bundle the TypeScript sources with esbuild (no type-check here: `npm run typecheck` does that),
// then generate the standalone Ajv validators of every bundled API into dist/generated/.
// `--schemas` also rewrites the committed JSON Schema captures in specs/<api>/schemas/.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const started = Date.now();

const entries = { cli: 'src/cli/entry.ts', index: 'src/index.ts', vitest: 'src/vitest.ts', testing: 'src/testing.ts', 'build-tasks': 'src/build/tasks.ts' };
const entryPoints = Object.fromEntries(Object.entries(entries).filter(([, f]) => existsSync(join(root, f))).map(([k, f]) => [k, join(root, f)]));

// Keep dist/types: declarations are only rebuilt with --types (npm `prepare`), not on every test run.
if (existsSync(dist)) for (const f of readdirSync(dist)) if (f !== 'types') rmSync(join(dist, f), { recursive: true, force: true });
await build({
  entryPoints,
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  logLevel: 'warning',
});

const tasks = await import(pathToFileURL(join(dist, 'build-tasks.js')).href);
tasks.writeParseCache();
const generated = join(dist, 'generated');
const tmp = join(root, '.tmp', 'generated');
mkdirSync(tmp, { recursive: true });
mkdirSync(generated, { recursive: true });
// Generated code reaches the format table and the linear-time regex engine (re2js) by require: bundled in below.
const modules = { formats: join(root, 'src', 'validate', 'formats.ts'), regex: join(root, 'src', 'validate', 'regex.ts') };
for (const { api, source } of await tasks.validatorSources(modules)) {
  const raw = join(tmp, `${api}.mjs`);
  writeFileSync(raw, source);
  // Standalone code `require`s Ajv's runtime helpers and the format table: bundle them in.
  // re2js stays a package import (a runtime dependency): bundling it would add 280 KB to every module with a pattern.
  await build({ entryPoints: [raw], outfile: join(generated, `${api}.js`), bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning', minifySyntax: true, external: ['re2js'] });
}
if (process.argv.includes('--schemas')) {
  const n = await tasks.writeCaptures();
  console.log(`specgate build: wrote ${n} JSON Schema captures`);
}
if (process.argv.includes('--types')) {
  // Declarations for library users (import 'specgate', 'specgate/vitest').
  rmSync(join(dist, 'types'), { recursive: true, force: true });
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.types.json')], { stdio: 'inherit' });
}
console.log(`specgate build: done in ${Date.now() - started} ms`);
