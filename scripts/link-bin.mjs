// Links node_modules/.bin/specgate to this checkout's bin/specgate.js (run by `npm ci` through `prepare`).
//
// Why not a "bin" field: npx checks the project's own package.json first, and when it names the
// command it installs the checkout into its cache (running `prepare`, 10-40 s) and loads both
// dependency trees on every later run (~0.9 s). A devDependency on itself ("specgate": "file:.")
// does not help: the own-bin check still comes first (npm 11, libnpmexec). With no "bin" in the
// root package.json, `npx specgate` finds this link in node_modules/.bin and runs it directly,
// like any locally installed tool. The published package gets its "bin" from scripts/pack.mjs.
import { chmodSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, 'node_modules', '.bin');
mkdirSync(binDir, { recursive: true });
const link = join(binDir, 'specgate');
try {
  lstatSync(link);
  rmSync(link, { force: true });
} catch {
  // not there yet
}
if (process.platform === 'win32') {
  // npm's own shims on Windows are .cmd files; a symlink would need developer mode.
  writeFileSync(`${link}.cmd`, '@node "%~dp0\\..\\..\\bin\\specgate.js" %*\r\n');
} else {
  symlinkSync(join('..', '..', 'bin', 'specgate.js'), link);
  chmodSync(join(root, 'bin', 'specgate.js'), 0o755);
}
