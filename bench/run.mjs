// `npm run bench`: every benchmark script in bench/, one after another (never two at once: they
// measure a 2-core machine), each with its own output. Builds first only when dist/ is missing.
// Usage: node bench/run.mjs [name ...]   e.g. `node bench/run.mjs check soak` runs just those two.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
// Cheap and short first; anything added to bench/ later runs after these.
const ORDER = ['validate', 'lint', 'check', 'throughput', 'spec500', 'soak', 'verify-vs-check'];
const found = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && !f.startsWith('.'))
  .map((f) => f.slice(0, -4));
const all = [...ORDER.filter((n) => found.includes(n)), ...found.filter((n) => !ORDER.includes(n)).sort()];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !all.includes(n));
if (unknown.length) {
  console.error(`bench: unknown ${unknown.join(', ')} (there are: ${all.join(', ')})`);
  process.exit(2);
}
const names = wanted.length ? all.filter((n) => wanted.includes(n)) : all;

if (!existsSync(join(root, 'dist', 'cli.js')) || !existsSync(join(root, 'dist', 'index.js'))) {
  console.log('bench: dist/ is missing, building first');
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

console.log(`specgate benchmarks, ${new Date().toISOString()}: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GB, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const failed = [];
const started = performance.now();
for (const name of names) {
  console.log(`\n=== bench/${name}.mjs ${'='.repeat(Math.max(3, 60 - name.length))}`);
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(here, `${name}.mjs`)], { cwd: root, stdio: 'inherit' });
  const s = ((performance.now() - t) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed.push(name);
    console.log(`--- ${name}: FAILED (exit ${r.status ?? r.signal}) after ${s} s`);
  } else {
    console.log(`--- ${name}: ${s} s`);
  }
}
console.log(`\n${names.length - failed.length}/${names.length} benchmarks ran in ${((performance.now() - started) / 1000).toFixed(0)} s${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);
