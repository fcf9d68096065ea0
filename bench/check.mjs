// Wall time of a whole `specgate check` (process start to exit) with the embedded reference provider
// and every bundled API: what a user waits for after typing `npx specgate check`. Each run is a fresh
// process, timed with performance.now() around spawnSync; one untimed warm-up run fills the disk cache.
// Beside it, the floors it cannot beat: a bare `node` start and `specgate --version` (CLI load).
// Run after `npm run build`: node bench/check.mjs [--runs N]   (default 10; goal: median under 1.0 s)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/specgate.js', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;
const GOAL_MS = 1000;

/** CPU time of reaped children so far (cutime + cstime of /proc/self/stat, clock ticks of 10 ms): a run's CPU cost, which other load on the machine inflates far less than its wall time. */
function childCpuMs() {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return NaN;
  }
}

function time(args, runs) {
  const ms = [];
  const cpu = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const c = childCpuMs();
    const t = performance.now();
    last = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
    ms.push(performance.now() - t);
    cpu.push(childCpuMs() - c);
    if (last.error) throw last.error;
  }
  return { ms, cpu, last };
}

// Nearest-rank percentiles: with 10 runs, p90 is the 9th fastest.
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const stats = (ms) => {
  const s = [...ms].sort((a, b) => a - b);
  return { min: s[0], median: pct(s, 50), p90: pct(s, 90), max: s.at(-1) };
};
const f = (n) => `${n.toFixed(0).padStart(5)} ms`;

const checkArgs = [bin, 'check', '--reporter', 'json'];
time(checkArgs, 1); // warm-up: disk cache, dist/generated validators
const load = loadavg()[0];
const node = stats(time(['-e', '0'], RUNS).ms);
const version = stats(time([bin, '--version'], RUNS).ms);
const { ms, cpu, last } = time(checkArgs, RUNS);
if (last.status !== 0) throw new Error(`specgate check exited ${last.status}: ${last.stderr.trim().split('\n')[0]}`);
const report = JSON.parse(last.stdout);
const { summary } = report;
const check = stats(ms);
const checkCpu = stats(cpu);
const kinds = {};
let exchanges = 0;
for (const r of report.results) {
  kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  exchanges += r.steps.filter((s) => s.response || s.error).length;
}
const apis = [...new Set(report.results.map((r) => r.api))];
const operations = new Set(report.results.map((r) => `${r.api}.${r.operationId}`));

console.log(`specgate check, embedded reference provider (node ${process.version}, ${cpus().length} cores, load ${load.toFixed(2)} → ${loadavg()[0].toFixed(2)}), ${RUNS} runs each after 1 warm-up`);
console.log(`                                  min       median    p90       max`);
console.log(`  node -e 0                       ${f(node.min)}  ${f(node.median)}  ${f(node.p90)}  ${f(node.max)}`);
console.log(`  specgate --version              ${f(version.min)}  ${f(version.median)}  ${f(version.p90)}  ${f(version.max)}`);
console.log(`  specgate check --reporter json  ${f(check.min)}  ${f(check.median)}  ${f(check.p90)}  ${f(check.max)}   wall`);
console.log(`    (its CPU time, user + sys)    ${f(checkCpu.min)}  ${f(checkCpu.median)}  ${f(checkCpu.p90)}  ${f(checkCpu.max)}   CPU`);
console.log(`  scenarios: ${summary.total} (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}) over ${operations.size} operations of ${apis.join(', ')}`);
console.log(`  outcomes: ${summary.passed} passed, ${summary.failed} failed, ${summary.errors} errors, ${summary.skipped} skipped; ${exchanges} exchanges; run phase (report durationMs) ${summary.durationMs} ms of the last run`);
console.log(`  goal: median wall under ${GOAL_MS} ms: ${check.median < GOAL_MS ? 'met' : 'MISSED'} (${check.median.toFixed(0)} ms)${load > cpus().length ? ' (the machine was busy: compare the CPU time)' : ''}`);
