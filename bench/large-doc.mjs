// Large documents (issue 13): a generated Plaid-sized OpenAPI 3.0 document (≈3 MB, 329 operations,
// bench/fixtures/large-doc.mjs) and a HAR of conformant traffic for it (≈2.5 MB). Measures, each in a
// fresh process as a user meets it: load + compile of every validator (`loadApi` then
// `validators.compileAll()`, with the parse cache cleared first: the first run after an edit),
// `specgate validate HAR --spec DOC` wall time, and `specgate lint DOC` wall time; peak RSS of each.
// Load and validate are measured cold (specgate's disk cache emptied first: the first run after an
// edit, and every run on a fresh CI machine), on the second run (which stores the validators) and
// warm (the cache earlier runs left); the cache lives in a temp dir of this script.
// Goals: load + compile < 2 s, validate < 2 s, lint in seconds (< 5 s). Run after `npm run build`:
//   node bench/large-doc.mjs [--runs N] [--operations N] [--cpu-prof]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { arg, bin, root, summarizeProfile } from './lib.mjs';
import { writeLargeFixture } from './fixtures/large-doc.mjs';

const RUNS = arg('--runs', 3);
const OPERATIONS = arg('--operations', 329);
const PROFILE = process.argv.includes('--cpu-prof');
const parseCache = join(root, 'dist', 'generated', 'parsed');
// Children inherit it: the bench never reads or fills the user's own ~/.cache/specgate.
const cacheDir = mkdtempSync(join(tmpdir(), 'specgate-bench-cache-'));
process.env.SPECGATE_CACHE_DIR = cacheDir;

/** A child node process: wall ms, CPU ms (user + sys) and peak RSS (MB) from the child's own resource usage, its stdout. */
function timed(args, { cpuProf } = {}) {
  const pre = ['--import', `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nmaxrss '+u.maxRSS+' cpu '+(u.userCPUTime+u.systemCPUTime)+'\\n')})`];
  const prof = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : [];
  const t = performance.now();
  const r = spawnSync(process.execPath, [...pre, ...prof, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  const m = /maxrss (\d+) cpu (\d+)/.exec(r.stderr);
  const rss = Number(m?.[1] ?? 0) / 1024;
  return { ms, cpu: Number(m?.[2] ?? 0) / 1000, rss, status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/\nmaxrss \d+ cpu \d+\n/, '') };
}

const LOAD = (spec) => `
const { loadApi } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist', 'index.js')).href)});
const t0 = performance.now();
const api = await loadApi(${JSON.stringify(spec)});
const t1 = performance.now();
api.validators.compileAll();
const t2 = performance.now();
console.log(JSON.stringify({ load: t1 - t0, compile: t2 - t1, operations: api.model.operations.length, validators: api.validators.keys().length }));`;

function series(label, goalMs, make) {
  const rows = [];
  for (let i = 0; i < RUNS; i++) rows.push(make());
  const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  const cpu = rows.map((r) => r.cpu).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
  const goal = goalMs === undefined ? '' : median < goalMs ? `  goal < ${goalMs} ms: met` : `  goal < ${goalMs} ms: MISSED`;
  console.log(`${label.padEnd(44)} median ${median.toFixed(0).padStart(6)} ms  min ${ms[0].toFixed(0).padStart(6)} ms  process CPU ${cpu.toFixed(0).padStart(6)} ms  peak RSS ${Math.max(...rows.map((r) => r.rss)).toFixed(0)} MB  (load ${loadavg()[0].toFixed(1)})${goal}`);
  return rows;
}

function profile(label, args) {
  const dir = mkdtempSync(join(tmpdir(), 'specgate-prof-'));
  try {
    timed(args, { cpuProf: dir });
    for (const f of readdirSync(dir)) console.log(`  profile of ${label}:\n${summarizeProfile(JSON.parse(readFileSync(join(dir, f), 'utf8')), 12)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const dir = mkdtempSync(join(tmpdir(), 'specgate-bench-large-'));
try {
  const { spec, har } = writeLargeFixture(dir, OPERATIONS);
  const mb = (f) => (statSync(f).size / 1e6).toFixed(2);
  console.log(`node ${process.version}, load ${loadavg()[0].toFixed(1)}, ${RUNS} runs each; document ${mb(spec)} MB (${OPERATIONS} operations, OpenAPI 3.0), HAR ${mb(har)} MB`);

  const clearCache = () => {
    rmSync(parseCache, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  };
  const load = series('load + compile, cold (caches emptied)', 2000, () => {
    clearCache();
    const r = timed(['--input-type=module', '-e', LOAD(spec)]);
    if (r.status !== 0) throw new Error(r.stderr);
    const j = JSON.parse(r.stdout.trim().split('\n').pop());
    return { ...r, ms: j.load + j.compile, detail: j };
  });
  const d = load.at(-1).detail;
  console.log(`  last run: loadApi ${d.load.toFixed(0)} ms, compileAll ${d.compile.toFixed(0)} ms; ${d.operations} operations, ${d.validators} validators`);
  const loadOnce = () => {
    const r = timed(['--input-type=module', '-e', LOAD(spec)]);
    const j = JSON.parse(r.stdout.trim().split('\n').pop());
    return { ...r, ms: j.load + j.compile };
  };
  // The first run stores the parsed document only; the second one also compiles with the source
  // kept and stores the validators (validate/load.ts); from the third on, the cache serves both.
  series('load + compile, second run (stores validators)', undefined, () => {
    clearCache();
    loadOnce();
    return loadOnce();
  });
  series('load + compile, warm (disk cache)', 2000, loadOnce);
  const validateOnce = () => {
    const r = timed([bin, 'validate', har, '--spec', spec, '--reporter', 'json']);
    if (r.status !== 0) throw new Error(`validate exit ${r.status}: ${r.stderr}${r.stdout.slice(0, 2000)}`);
    return r;
  };
  series('specgate validate HAR --spec DOC, cold', 2000, () => {
    clearCache();
    return validateOnce();
  });
  validateOnce(); // the second run, which stores the validators
  const validate = series('specgate validate HAR --spec DOC, warm', 2000, validateOnce);
  const s = JSON.parse(validate.at(-1).stdout).summary;
  console.log(`  ${JSON.stringify(s)}`);
  const lint = series('specgate lint DOC', 5000, () => timed([bin, 'lint', spec, '--format', 'json']));
  const l = JSON.parse(lint.at(-1).stdout).summary;
  console.log(`  lint: ${l.errors} errors, ${l.warnings} warnings, exit ${lint.at(-1).status}`);
  if (PROFILE) {
    clearCache();
    profile('validate', [bin, 'validate', har, '--spec', spec, '--reporter', 'json']);
    profile('lint', [bin, 'lint', spec, '--format', 'json']);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
}
