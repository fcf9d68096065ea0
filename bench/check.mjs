// Wall time of a whole `specgate check` (process start to exit) with the embedded reference provider
// and every bundled API: what a user waits for after typing `npx specgate check`. Each run is a fresh
// process, timed with performance.now() around spawnSync; one untimed warm-up run fills the disk cache.
// Beside it, the floors it cannot beat: a bare `node` start and `specgate --version` (CLI load).
// Run after `npm run build`: node bench/check.mjs [--runs N]   (default 10; goal: median under 1.0 s)
//
// --fresh-clone [--rev REV]: what a new user meets. Clones the repository (HEAD, or REV) into a temp
// folder, runs `npm ci` there, then times the README's command, `npx specgate check`: its first run
// (goal: under 2 s) and RUNS later ones (goal: median within 0.3 s of `node bin/specgate.js check`),
// beside `node bin/specgate.js check` and a bare `npx -c true` (npm's own start-up, the floor).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
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

function time(args, runs, { cmd = process.execPath, cwd = root } = {}) {
  const ms = [];
  const cpu = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const c = childCpuMs();
    const t = performance.now();
    last = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
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

if (process.argv.includes('--fresh-clone')) {
  freshClone();
  process.exit(0);
}

function freshClone() {
  const revAt = process.argv.indexOf('--rev');
  const rev = execFileSync('git', ['rev-parse', revAt > 0 ? process.argv[revAt + 1] : 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'specgate-bench-clone-'));
  try {
    execFileSync('git', ['clone', '--quiet', '--no-checkout', root, dir]);
    execFileSync('git', ['checkout', '--quiet', '--detach', rev], { cwd: dir });
    const t = performance.now();
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, stdio: 'ignore' });
    const ci = performance.now() - t;
    const npx = (runs) => time(['specgate', 'check', '--reporter', 'json'], runs, { cmd: 'npx', cwd: dir });
    const first = npx(1);
    if (first.last.status !== 0) throw new Error(`npx specgate check exited ${first.last.status}: ${first.last.stderr.trim().split('\n')[0]}`);
    const load = loadavg()[0];
    const warm = stats(npx(RUNS).ms);
    const direct = stats(time([join(dir, 'bin', 'specgate.js'), 'check', '--reporter', 'json'], RUNS, { cwd: dir }).ms);
    const floor = stats(time(['-c', 'true'], RUNS, { cmd: 'npx', cwd: dir }).ms);
    console.log(`fresh clone of ${rev.slice(0, 10)} (node ${process.version}, ${cpus().length} cores, load ${load.toFixed(2)} → ${loadavg()[0].toFixed(2)}); npm ci ${(ci / 1000).toFixed(1)} s`);
    console.log(`                                  min       median    p90       max`);
    console.log(`  npx specgate check, first run   ${f(first.ms[0])}   (goal: under 2000 ms: ${first.ms[0] < 2000 ? 'met' : 'MISSED'})`);
    console.log(`  npx specgate check, later runs  ${f(warm.min)}  ${f(warm.median)}  ${f(warm.p90)}  ${f(warm.max)}`);
    console.log(`  node bin/specgate.js check      ${f(direct.min)}  ${f(direct.median)}  ${f(direct.p90)}  ${f(direct.max)}`);
    console.log(`  npx -c true (npm start-up)      ${f(floor.min)}  ${f(floor.median)}  ${f(floor.p90)}  ${f(floor.max)}`);
    const extra = warm.median - direct.median;
    console.log(`  npx adds ${extra.toFixed(0)} ms to the median (goal: within 300 ms: ${extra <= 300 ? 'met' : 'MISSED'}); npm's own start-up is ${floor.median.toFixed(0)} ms of it`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
