// Soak: 100,000 scenario executions against the reference provider (its own process, `specgate serve`)
// at concurrency 32, through the library with one keep-alive pool for the whole soak, as a long-lived
// user of runScenarios would. The executions run in 10 batches of 10,000 (the runnable bundled scenarios
// over and over) and each batch's results are dropped, so that whatever memory stays is memory the
// library or the provider kept. RSS is also sampled every second while they run (start, middle, end
// and the least-squares slope per 10,000 executions from batch 2 on). After each batch, both processes
// are garbage-collected and measured:
//   checker:  RSS, V8 heap used, active handles, open fds and sockets (/proc/self/fd)
//   provider: VmRSS (/proc/<pid>/status), V8 heap used (asked for over SIGUSR2 by a preload that only
//             reports; it is not part of specgate), open fds and sockets (/proc/<pid>/fd)
// At the end the pool is closed and, after the runner's 10 s request timeout has run out, everything
// is measured again: handles, fds and sockets must be back where they started.
//
// Then two measurements of what a run keeps (issue 11, item 8):
//   retained: one runScenarios call over --retained N scenarios (default 20,000) that keeps every
//             result whole (the library's default): heap per retained result; then one call over
//             --long N scenarios (default 100,000) that keeps them as `specgate check` does (passed
//             results slimmed, their detail in a ResultSpill file): heap per result, and RSS sampled
//             every second (start, middle, end, slope per 10,000 executions).
//   body cap: `specgate check --har --reporter json --output` (its own process) on a generated
//             document of --cap-operations N operations (default 160) against a loopback server that
//             answers every request with 50 MB of JSON, so every answer is read up to the body cap
//             (10 MB): peak RSS (VmHWM), exit code, and whether the report and the HAR were written.
// Run after `npm run build`: node bench/soak.mjs [--executions N] [--concurrency N] [--global-dispatcher]
//   [--retained N] [--long N] [--cap-operations N] [--only soak|retained|cap]   (--retained 0 / --long 0 skip that part)
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadLibrary, root, bin, arg } from './lib.mjs';

const EXECUTIONS = arg('--executions', 100_000);
const RETAINED = arg('--retained', 20_000);
const LONG = arg('--long', 100_000);
const CAP_OPERATIONS = arg('--cap-operations', 160);
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const CONCURRENCY = arg('--concurrency', 32);
const BATCHES = 10;
// --global-dispatcher: no pool of our own (undici's global agent), as runCheck() without a dispatcher runs.
const GLOBAL = process.argv.includes('--global-dispatcher');
const REQUEST_TIMEOUT_MS = 10_000; // the runner's default timeoutMs: AbortSignal.timeout timers live this long
const STATE_PATH = '/_specgate/state';
const TOKEN = 'Bearer specgate-reference-token';
// Flat means: from batch 3 on (JIT, caches, connections warm), growth stays under these.
const MAX_HEAP_GROWTH_MB = 8;
const MAX_RSS_GROWTH_MB = 32;


// Measurement hook for the provider process: on SIGUSR2, collect garbage and print the V8 heap on stderr.
const PRELOAD = `data:text/javascript,${encodeURIComponent(
  "process.on('SIGUSR2', () => { globalThis.gc?.(); globalThis.gc?.(); const m = process.memoryUsage(); process.stderr.write('SPECGATE-SOAK-MEM ' + JSON.stringify(m) + '\\n'); });",
)}`;

function startServe() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', PRELOAD, bin, 'serve', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onExit = (code) => reject(new Error(`serve exited with ${code}: ${out}`));
    child.on('exit', onExit);
    child.memWaiters = [];
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d) => {
      err += d;
      let nl;
      while ((nl = err.indexOf('\n')) >= 0) {
        const line = err.slice(0, nl);
        err = err.slice(nl + 1);
        if (line.startsWith('SPECGATE-SOAK-MEM ')) child.memWaiters.shift()?.(JSON.parse(line.slice(18)));
        else if (line.trim()) process.stderr.write(`[serve] ${line}\n`);
      }
    });
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

function providerHeap(child) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 5000);
    child.memWaiters.push((m) => {
      clearTimeout(timer);
      resolve(m);
    });
    child.kill('SIGUSR2');
  });
}

function fds(pid) {
  const dir = `/proc/${pid}/fd`;
  let total = 0;
  let sockets = 0;
  for (const fd of readdirSync(dir)) {
    try {
      const target = readlinkSync(`${dir}/${fd}`);
      total++;
      if (target.startsWith('socket:')) sockets++;
    } catch {
      // closed between readdir and readlink (e.g. the readdir handle itself)
    }
  }
  return { total, sockets };
}

const vmRss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** RSS and heap (MB, no forced GC) every `ms`, against how many executions have finished by then. */
function rssSampler(executed, ms = 1000) {
  const samples = [];
  const take = () => {
    const m = process.memoryUsage();
    samples.push({ executed: executed(), rss: m.rss / 2 ** 20, heap: m.heapUsed / 2 ** 20 });
  };
  take();
  const timer = setInterval(take, ms);
  return {
    samples,
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** Least-squares slope of y over x. */
function slope(points, x, y) {
  const n = points.length;
  const mx = points.reduce((a, p) => a + x(p), 0) / n;
  const my = points.reduce((a, p) => a + y(p), 0) / n;
  const num = points.reduce((a, p) => a + (x(p) - mx) * (y(p) - my), 0);
  const den = points.reduce((a, p) => a + (x(p) - mx) ** 2, 0);
  return den ? num / den : 0;
}

/** start / middle / end RSS of the samples from `from` executions on, and the slope per 10,000 executions. */
function rssLine(samples, from) {
  const pts = samples.filter((p) => p.executed >= from);
  if (pts.length < 3) return `  RSS samples: too few (${pts.length})`;
  const mid = pts.reduce((best, p) => (Math.abs(p.executed - (pts[0].executed + pts.at(-1).executed) / 2) < Math.abs(best.executed - (pts[0].executed + pts.at(-1).executed) / 2) ? p : best));
  const f = (p) => `${p.rss.toFixed(1)} MB at ${p.executed.toLocaleString('en-US')}`;
  const perTenK = 10_000 * slope(pts, (p) => p.executed, (p) => p.rss);
  const heapPerTenK = 10_000 * slope(pts, (p) => p.executed, (p) => p.heap);
  const max = Math.max(...pts.map((p) => p.rss));
  return `  RSS (sampled every second, ${pts.length} samples from ${from.toLocaleString('en-US')} executions on): start ${f(pts[0])}, middle ${f(mid)}, end ${f(pts.at(-1))}; max ${max.toFixed(1)} MB; slope ${perTenK >= 0 ? '+' : ''}${perTenK.toFixed(2)} MB RSS, ${heapPerTenK >= 0 ? '+' : ''}${heapPerTenK.toFixed(2)} MB heap (not collected) per 10,000 executions`;
}

async function measure(label, provider, executed) {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  const pHeap = await providerHeap(provider);
  return {
    label,
    executed,
    rss: m.rss / 2 ** 20,
    heap: m.heapUsed / 2 ** 20,
    handles: process._getActiveHandles().length,
    ...Object.fromEntries(Object.entries(fds('self')).map(([k, v]) => [`fd_${k}`, v])),
    pRss: vmRss(provider.pid),
    pHeap: pHeap ? pHeap.heapUsed / 2 ** 20 : NaN,
    ...Object.fromEntries(Object.entries(fds(provider.pid)).map(([k, v]) => [`pfd_${k}`, v])),
  };
}

async function soak(lib) {
  const provider = await startServe();
  const rows = [];
  try {
    const apis = await lib.loadBundledApis();
    const runnable = apis.flatMap((a) => lib.scenariosFor(a)).filter((s) => !s.skip);
    const counts = { operation: 0, state: 0 };
    rows.push(await measure('start (APIs loaded, no pool)', provider, 0));
    const { getGlobalDispatcher } = await import('undici');
    const agent = GLOBAL ? getGlobalDispatcher() : lib.createAgent(CONCURRENCY);
    const counted = agent.compose((dispatch) => (opts, handler) => {
      counts[opts.path.split('?')[0] === STATE_PATH ? 'state' : 'operation']++;
      return dispatch(opts, handler);
    });
    const options = { baseUrl: new URL(provider.url), stateUrl: `${provider.url}${STATE_PATH}`, headers: { Authorization: TOKEN }, concurrency: CONCURRENCY, dispatcher: counted };
    const perBatch = Math.ceil(EXECUTIONS / BATCHES);
    let executed = 0;
    let failed = 0;
    let errors = 0;
    let peakRss = 0;
    let finished = 0;
    const started = performance.now();
    const rssSamples = rssSampler(() => finished);
    for (let b = 0; b < BATCHES; b++) {
      const n = Math.min(perBatch, EXECUTIONS - executed);
      const batch = Array.from({ length: n }, (_, i) => runnable[(executed + i) % runnable.length]);
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
      const r = await lib.runScenarios(apis, batch, { ...options, onResult: () => finished++ });
      clearInterval(sampler);
      executed += r.summary.total;
      failed += r.summary.failed;
      errors += r.summary.errors;
      if (b === 0 || b === BATCHES - 1 || b % 3 === 2) rows.push(await measure(`after batch ${b + 1}`, provider, executed));
    }
    const seconds = (performance.now() - started) / 1000;
    rssSamples.stop();
    if (!GLOBAL) await agent.close(); // the global agent is never closed: its idle sockets time out (4 s)
    await sleep(200); // the provider sees the FINs
    rows.push(await measure(GLOBAL ? 'batches done' : 'pool closed', provider, executed));
    await sleep(REQUEST_TIMEOUT_MS + 500);
    rows.push(await measure(`+${(REQUEST_TIMEOUT_MS + 500) / 1000} s (timeouts expired)`, provider, executed));

    const f1 = (x) => (Number.isNaN(x) ? '   n/a' : x.toFixed(1).padStart(6));
    console.log(`soak: ${executed} scenario executions (${runnable.length} runnable bundled scenarios cycled, ${BATCHES} batches), concurrency ${CONCURRENCY}, ${GLOBAL ? "undici's global dispatcher" : 'one pool (createAgent)'}; node ${process.version}, ${cpus().length} cores`);
    console.log(`  library: ${lib.via}; provider: specgate serve (own process) at ${provider.url}`);
    console.log(`  ${counts.operation} operation exchanges + ${counts.state} provider-state calls in ${seconds.toFixed(1)} s; ${failed} failed, ${errors} errors; checker peak RSS during batches ${(peakRss / 2 ** 20).toFixed(1)} MB`);
    console.log(`  (memory in MB, measured after a full GC in both processes)`);
    console.log(`                                           |            checker                     |        provider`);
    console.log(`  point                          executions|   RSS   heap  handles  fds  sockets  |   RSS   heap  fds  sockets`);
    for (const r of rows) {
      console.log(`  ${r.label.padEnd(31)}${String(r.executed).padStart(10)}| ${f1(r.rss)} ${f1(r.heap)} ${String(r.handles).padStart(8)} ${String(r.fd_total).padStart(4)} ${String(r.fd_sockets).padStart(8)}  | ${f1(r.pRss)} ${f1(r.pHeap)} ${String(r.pfd_total).padStart(4)} ${String(r.pfd_sockets).padStart(8)}`);
    }
    const start = rows[0];
    // Growth is judged from batch 3 on: by then JIT, caches and (without a pool of our own) the set of connections are warm.
    const first = rows[2];
    const last = rows.at(-3);
    const end = rows.at(-1);
    const verdicts = [
      ['checker heap growth, batch 3 → last batch', last.heap - first.heap, MAX_HEAP_GROWTH_MB, 'MB'],
      ['checker RSS growth, batch 3 → last batch', last.rss - first.rss, MAX_RSS_GROWTH_MB, 'MB'],
      ['provider heap growth, batch 3 → last batch', last.pHeap - first.pHeap, MAX_HEAP_GROWTH_MB, 'MB'],
      ['provider RSS growth, batch 3 → last batch', last.pRss - first.pRss, MAX_RSS_GROWTH_MB, 'MB'],
      ['checker handles, start → end', end.handles - start.handles, 0, ''],
      ['checker fds, start → end', end.fd_total - start.fd_total, 0, ''],
      ['checker sockets, start → end', end.fd_sockets - start.fd_sockets, 0, ''],
      ['provider fds, start → end', end.pfd_total - start.pfd_total, 0, ''],
      ['provider sockets, start → end', end.pfd_sockets - start.pfd_sockets, 0, ''],
      ['checker sockets, batch 3 → last batch', last.fd_sockets - first.fd_sockets, 0, ''],
      ['provider sockets, batch 3 → last batch', last.pfd_sockets - first.pfd_sockets, 0, ''],
    ];
    const held = Math.max(...rows.slice(1, -2).map((r) => r.fd_sockets - start.fd_sockets));
    // A pool of our own caps the connections; undici's global agent does not, so only flatness counts there.
    if (!GLOBAL) verdicts.push([`sockets held during the soak (pool of ${CONCURRENCY})`, held, CONCURRENCY, '']);
    for (const [what, delta, limit, unit] of verdicts) {
      const ok = delta <= limit;
      const u = unit ? ` ${unit}` : '';
      console.log(`  ${ok ? 'ok  ' : 'LEAK'}  ${what}: ${delta >= 0 ? '+' : ''}${Number.isInteger(delta) ? delta : delta.toFixed(1)}${u} (limit ${limit}${u})`);
    }
    if (GLOBAL) console.log(`  info  sockets held during the soak: ${held} (undici's global agent has no connection cap; a worker's next request can start before its last socket is idle again)`);
    console.log(rssLine(rssSamples.samples, perBatch));
    const perExec = (last.pHeap - first.pHeap) / (last.executed - first.executed);
    console.log(`  provider heap per execution after batch 3: ${(perExec * 2 ** 20).toFixed(0)} bytes`);
  } finally {
    await new Promise((resolve) => {
      if (provider.exitCode !== null) return resolve();
      provider.once('exit', resolve);
      provider.kill('SIGTERM');
    });
  }
}

/**
 * What a long run holds until its report is written: one runScenarios call keeping every result whole
 * (the library's default), then one keeping them as `specgate check` does (ResultSpill).
 */
async function retained(lib) {
  const provider = await startServe();
  try {
    const apis = await lib.loadBundledApis();
    const runnable = apis.flatMap((a) => lib.scenariosFor(a)).filter((s) => !s.skip);
    const agent = lib.createAgent(CONCURRENCY);
    const options = { baseUrl: new URL(provider.url), stateUrl: `${provider.url}${STATE_PATH}`, headers: { Authorization: TOKEN }, concurrency: CONCURRENCY, dispatcher: agent };
    await lib.runScenarios(apis, runnable, options); // warm-up: JIT, validators, connections
    const at = () => {
      globalThis.gc();
      globalThis.gc();
      const m = process.memoryUsage();
      return { rss: m.rss / 2 ** 20, heap: m.heapUsed / 2 ** 20 };
    };
    const one = async (label, count, keep) => {
      const before = at();
      const scenarios = Array.from({ length: count }, (_, i) => runnable[i % runnable.length]);
      let finished = 0;
      const sampler = rssSampler(() => finished);
      const started = performance.now();
      const r = await lib.runScenarios(apis, scenarios, { ...options, keep, onResult: () => finished++ });
      const seconds = (performance.now() - started) / 1000;
      sampler.stop();
      const after = at();
      console.log(`retained, ${label}: one runScenarios call over ${r.results.length.toLocaleString('en-US')} scenarios (${r.summary.passed} passed, ${r.summary.failed} failed, ${r.summary.errors} errors) in ${seconds.toFixed(1)} s`);
      console.log(`  after GC: heap ${before.heap.toFixed(1)} → ${after.heap.toFixed(1)} MB (+${(after.heap - before.heap).toFixed(1)} MB, ${(((after.heap - before.heap) * 2 ** 20) / r.results.length).toFixed(0)} bytes per result); RSS ${before.rss.toFixed(1)} → ${after.rss.toFixed(1)} MB`);
      console.log(rssLine(sampler.samples, Math.min(count / 10, 10_000)));
      return r.results.length; // keeps r alive until after the measurement
    };
    if (RETAINED > 0) await one('every result whole (library default)', RETAINED);
    const spill = lib.ResultSpill.open();
    try {
      if (LONG > 0) await one('as specgate check keeps them (passed results slimmed, detail in a ResultSpill file)', LONG, spill.keep);
    } finally {
      spill.close();
    }
    await agent.close();
  } finally {
    await new Promise((resolve) => {
      if (provider.exitCode !== null) return resolve();
      provider.once('exit', resolve);
      provider.kill('SIGTERM');
    });
  }
}

/** A document of n GET operations, each with a documented 200 JSON answer (an array of strings). */
function capDocument(n) {
  const paths = {};
  for (let i = 0; i < n; i++) {
    paths[`/items${i}`] = {
      get: {
        operationId: `getItems${i}`,
        responses: { 200: { description: 'OK', content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } }, example: ['a'] } } } },
      },
    };
  }
  return { openapi: '3.1.0', info: { title: 'cap', version: '1' }, paths };
}

/** `specgate check --har --reporter json --output` with every answer 50 MB (read up to the 10 MB cap). */
async function bodyCap() {
  const { createServer } = await import('node:http');
  const { mkdtempSync, writeFileSync, existsSync, statSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const ANSWER = 50 * 2 ** 20;
  // One 50 MiB JSON array of 1 KiB strings, built once and sent whole to every request.
  const count = Math.floor(ANSWER / 1025);
  const body = Buffer.from(`[${Array.from({ length: count }, () => `"${'x'.repeat(1022)}"`).join(',')}]`);
  let answers = 0;
  const server = createServer((req, res) => {
    answers++;
    res.on('error', () => undefined);
    req.socket.on('error', () => undefined);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'specgate-soak-cap-'));
  try {
    const spec = join(dir, 'cap.json');
    writeFileSync(spec, JSON.stringify(capDocument(CAP_OPERATIONS)));
    const report = join(dir, 'report.json');
    const har = join(dir, 'run.har');
    const started = performance.now();
    const child = spawn(process.execPath, [bin, 'check', '--spec', spec, '--base-url', `http://127.0.0.1:${server.address().port}`, '--no-negative', '--reporter', 'json', '--output', report, '--har', har], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    let peak = 0;
    const sample = () => {
      try {
        peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
      } catch {
        // the process has exited
      }
    };
    const sampler = setInterval(sample, 20);
    const code = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(c ?? sig)));
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    const size = (f) => (existsSync(f) ? `${(statSync(f).size / 2 ** 20).toFixed(1)} MB` : 'NOT WRITTEN');
    console.log(`body cap: check of ${CAP_OPERATIONS} operations, every answer ${ANSWER / 2 ** 20} MB (cap 10 MB), ${answers} answers served, --har + --reporter json --output`);
    console.log(`  exit ${code} in ${seconds.toFixed(1)} s; peak RSS (VmHWM, sampled every 20 ms) ${peak.toFixed(0)} MB; report ${size(report)}, HAR ${size(har)}`);
    const first = stderr.split('\n')[0];
    if (first) console.log(`  stderr: ${first.slice(0, 200)}`);
  } finally {
    server.closeAllConnections?.();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const lib = await loadLibrary();
  if (!ONLY || ONLY === 'soak') await soak(lib);
  if (!ONLY || ONLY === 'retained') await retained(lib);
  if (!ONLY || ONLY === 'cap') await bodyCap();
}

if (typeof globalThis.gc !== 'function') {
  // Re-run with --expose-gc: measuring after a full collection is what separates a leak from garbage.
  const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await main();
}
