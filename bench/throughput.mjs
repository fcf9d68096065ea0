// Requests per second of specgate's runner against a local target: the reference provider runs as its
// own process (`specgate serve`, so the two do not share one event loop on a 2-core machine), and the
// bundled scenarios are run through the library (runScenarios, concurrency 16, one keep-alive pool as
// `specgate check` uses) repeated until at least 20,000 requests. Every request is counted at the
// dispatcher: operation exchanges (multi-step scenarios count each step) and provider-state calls
// (setup and teardown) separately. CPU time of both processes shows which side is the bottleneck.
//
// Run after `npm run build`:
//   node bench/throughput.mjs [--requests N] [--concurrency N] [--runs N] [--cpu-prof]
// Three measured runs by default (after warm-up rounds), median and best reported.
// --cpu-prof makes it one run, profiles both processes and prints where the time goes.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Session } from 'node:inspector/promises';
import { summarizeProfile, loadLibrary, root, bin, arg } from './lib.mjs';

const MIN_REQUESTS = arg('--requests', 20_000);
const CONCURRENCY = arg('--concurrency', 16);
const PROFILE = process.argv.includes('--cpu-prof');
const REPEATS = PROFILE ? 1 : arg('--runs', 3);
const GOAL = 2000;
const STATE_PATH = '/_specgate/state';
const TOKEN = 'Bearer specgate-reference-token';


function startServe(extraNodeArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...extraNodeArgs, bin, 'serve', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const onExit = (code) => reject(new Error(`serve exited with ${code}: ${out}`));
    child.on('exit', onExit);
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && !child.url) {
        child.url = m[1];
        child.off('exit', onExit);
        resolve(child);
      }
    });
  });
}

const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (CLK_TCK 100)
  } catch {
    return NaN;
  }
}


const lib = await loadLibrary();
const profDir = PROFILE ? mkdtempSync(join(tmpdir(), 'specgate-bench-prof-')) : undefined;
const provider = await startServe(PROFILE ? ['--cpu-prof', '--cpu-prof-dir', profDir] : []);
try {
  const apis = await lib.loadBundledApis();
  const scenarios = apis.flatMap((a) => lib.scenariosFor(a));
  const counts = { operation: 0, state: 0 };
  const agent = lib.createAgent(CONCURRENCY);
  const counted = agent.compose((dispatch) => (opts, handler) => {
    counts[opts.path.split('?')[0] === STATE_PATH ? 'state' : 'operation']++;
    return dispatch(opts, handler);
  });
  const options = { baseUrl: new URL(provider.url), stateUrl: `${provider.url}${STATE_PATH}`, headers: { Authorization: TOKEN }, concurrency: CONCURRENCY, dispatcher: counted };

  // One round to warm both processes up (JIT, connections) and to learn the requests per round.
  const warm = await lib.runScenarios(apis, scenarios, options);
  if (warm.summary.failed || warm.summary.errors) throw new Error(`warm-up round: ${warm.summary.failed} failed, ${warm.summary.errors} errors`);
  const perRound = counts.operation + counts.state;
  const rounds = Math.ceil(MIN_REQUESTS / perRound);
  const all = Array.from({ length: rounds }, () => scenarios).flat();
  // A few more rounds (about a tenth of a measured run): the first measured run otherwise still pays for JIT warm-up.
  await lib.runScenarios(apis, all.slice(0, scenarios.length * Math.max(1, Math.round(rounds / 10))), options);

  // Several measured runs: on a shared 2-core machine one run can be slowed by anything else running.
  const runs = [];
  let session;
  let checkerProfile;
  let result;
  for (let rep = 0; rep < REPEATS; rep++) {
    counts.operation = counts.state = 0;
    if (PROFILE) {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const cpu0 = { self: process.cpuUsage(), provider: cpuSeconds(provider.pid) };
    const t0 = performance.now();
    result = await lib.runScenarios(apis, all, options);
    const seconds = (performance.now() - t0) / 1000;
    const u = process.cpuUsage(cpu0.self);
    runs.push({ seconds, ...counts, selfCpu: (u.user + u.system) / 1e6, providerCpu: cpuSeconds(provider.pid) - cpu0.provider, load: loadavg()[0] });
    if (PROFILE) {
      checkerProfile = (await session.post('Profiler.stop')).profile;
      session.disconnect();
    }
    const s = result.summary;
    if (s.failed || s.errors) throw new Error(`run ${rep + 1}: ${s.failed} failed, ${s.errors} errors`);
  }
  await agent.close();

  const s = result.summary;
  const multi = all.filter((x) => !x.skip && x.steps.length > 1).length;
  const perSec = (r, n) => n / r.seconds;
  const byRate = [...runs].sort((a, b) => perSec(a, a.operation + a.state) - perSec(b, b.operation + b.state));
  const median = byRate[Math.floor(byRate.length / 2)];
  const best = byRate.at(-1);
  const n = (x) => Math.round(x).toLocaleString('en-US').padStart(9);
  console.log(`throughput against the reference provider (own process) at ${provider.url}: node ${process.version}, ${cpus().length} cores`);
  console.log(`  library: ${lib.via}`);
  console.log(`  each run: ${rounds} rounds of the ${scenarios.length} bundled scenarios = ${all.length} scenarios (${multi} multi-step), concurrency ${CONCURRENCY}; ${s.passed} passed, ${s.failed} failed, ${s.errors} errors, ${s.skipped} skipped`);
  console.log(`  run   seconds   operation exch/s   state calls/s   all requests/s   scenarios/s   CPU checker   CPU provider   load`);
  runs.forEach((r, i) => {
    const cpu = (c) => `${c.toFixed(2)} s ${`(${((100 * c) / r.seconds).toFixed(0)}%)`.padStart(6)}`;
    console.log(`  ${String(i + 1).padStart(3)}   ${r.seconds.toFixed(2).padStart(7)}   ${n(perSec(r, r.operation))}          ${n(perSec(r, r.state))}       ${n(perSec(r, r.operation + r.state))}       ${n(perSec(r, all.length))}   ${cpu(r.selfCpu)}  ${cpu(r.providerCpu)}  ${r.load.toFixed(2)}`);
  });
  console.log(`  requests per run: ${median.operation} operation exchanges (each step of a multi-step scenario counts) + ${median.state} provider-state calls (setup + teardown) = ${median.operation + median.state}`);
  console.log(`  median run: ${n(perSec(median, median.operation + median.state)).trim()} requests/s (${n(perSec(median, median.operation)).trim()} operation exchanges/s); best run: ${n(perSec(best, best.operation + best.state)).trim()} requests/s (${n(perSec(best, best.operation)).trim()} operation exchanges/s)`);
  const rate = perSec(median, median.operation + median.state);
  const opRate = perSec(median, median.operation);
  console.log(`  goal: >= ${GOAL} requests/s (median run): all requests ${rate >= GOAL ? 'met' : 'MISSED'}; operation exchanges alone ${opRate >= GOAL ? 'met' : 'MISSED'}`);
  if (PROFILE) {
    console.log(`\nchecker process (runScenarios), CPU profile of the measured run (self time):\n${summarizeProfile(checkerProfile)}`);
    await stop(provider);
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (file) console.log(`\nprovider process (specgate serve), CPU profile of its whole life:\n${summarizeProfile(JSON.parse(readFileSync(join(profDir, file), 'utf8')))}`);
  }
} finally {
  await stop(provider);
  if (profDir) rmSync(profDir, { recursive: true, force: true });
}
