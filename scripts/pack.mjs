// Builds the npm package: specgate-<version>.tgz, the tarball to install or `npm publish`.
//
// The repository root is the development project (private, no "bin": see scripts/link-bin.mjs);
// the package is assembled from it: `npm pack` of the root's `files`, then in that copy
//  - "bin" added, and the manifest cut to what an installed package uses (no scripts, dev
//    dependencies, allowScripts or overrides, which only mean something in this checkout);
//  - type declarations generated fresh from src/ (dist/types/);
//  - no source maps: they would name src/*.ts files the package does not hold.
// Usage: npm run package, or node scripts/pack.mjs [--out DIR] [--no-build]   (prints the tarball's path)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = { specgate: 'bin/specgate.js' };
const DEV_ONLY = ['private', 'scripts', 'devDependencies', 'allowScripts', 'overrides'];

const outAt = process.argv.indexOf('--out');
const out = resolve(outAt > 0 ? process.argv[outAt + 1] : root);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], shell: process.platform === 'win32' });
const packTo = (cwd, dest) => JSON.parse(run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], cwd))[0].filename;

if (!process.argv.includes('--no-build')) run(process.execPath, [join(root, 'scripts', 'build.mjs')], root);

const work = mkdtempSync(join(tmpdir(), 'specgate-pack-'));
try {
  const first = packTo(root, work);
  run('tar', ['-xzf', join(work, first), '-C', work], work);
  const pkgDir = join(work, 'package');

  rmSync(join(pkgDir, 'dist', 'types'), { recursive: true, force: true });
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.types.json'), '--declarationDir', join(pkgDir, 'dist', 'types')], root);

  const strip = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const f = join(dir, e.name);
      if (e.isDirectory()) strip(f);
      else if (e.name.endsWith('.map')) rmSync(f);
      else if (e.name.endsWith('.js')) writeFileSync(f, readFileSync(f, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
    }
  };
  strip(join(pkgDir, 'dist'));

  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  for (const k of DEV_ONLY) delete manifest[k];
  const { name, version, description, type, license, ...rest } = manifest;
  writeFileSync(join(pkgDir, 'package.json'), `${JSON.stringify({ name, version, description, type, license, bin: BIN, ...rest }, null, 2)}\n`);

  mkdirSync(out, { recursive: true });
  console.log(join(out, packTo(pkgDir, out)));
} finally {
  rmSync(work, { recursive: true, force: true });
}
