// How fast specgate gives up on a dead target, and how little memory a hostile answer costs: the
// timings and RSS figures the tests assert only as behaviour (issue 12: no wall-clock thresholds in tests).
// Usage: node bench/fail-fast.mjs [--runs N]
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { arg, bin, loadLibrary, root } from './lib.mjs';
import { pumpHugeBody } from '../test/helpers/huge-body.mjs';

const RUNS = arg('--runs', 5);
const THINGS = join(root, 'test', 'fixtures', 'specs', 'things.yaml');

/** A port that was free a moment ago, with nothing listening on it. */
const closedPort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Wall time of one CLI run (async, so a server in this process can still answer). */
const timeCli = (args) =>
  new Promise((resolve) => {
    const t = performance.now();
    execFile(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, PACT_BROKER_BASE_URL: '', PACT_BROKER_TOKEN: '' } }, (err) => resolve({ ms: performance.now() - t, code: err?.code ?? 0 }));
  });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (name, ms, goal, code, want) => {
  if (code !== want) throw new Error(`${name}: exit ${code}, expected ${want}`);
  console.log(`  ${name.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms median  goal < ${goal} ms  ${ms < goal ? 'met' : 'MISSED'}`);
};

console.log(`fail-fast: ${RUNS} runs each, load ${loadavg()[0].toFixed(2)}`);
const port = await closedPort();
for (const [name, args, goal] of [
  ['verify against a refused port (exit 2, one line)', ['verify', '--base-url', `http://127.0.0.1:${port}`], 1000],
  ['publish to a refused broker (exit 2, one line)', ['publish', '--broker-url', `http://127.0.0.1:${port}`, '--consumer-version', '1', '--broker-token', 't'], 1000],
  ['check --spec against a refused port (exit 2, one line)', ['check', '--spec', THINGS, '--base-url', `http://127.0.0.1:${port}`], 1500],
]) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timeCli(args));
  row(name, median(runs.map((r) => r.ms)), goal, runs[0].code, 2);
}

// A 50 MB answer with a 2 MB cap: the body is dropped as it streams, never held.
const { runCheck } = await loadLibrary();
const huge = createServer((req, res) => pumpHugeBody(res, 50));
await new Promise((r) => huge.listen(0, '127.0.0.1', r));
const growth = [];
for (let i = 0; i < RUNS; i++) {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  await runCheck({ baseUrl: `http://127.0.0.1:${huge.address().port}`, specs: [THINGS], vars: { id: 'huge' }, timeoutMs: 5000, maxBodyBytes: 2 * 1024 * 1024 });
  growth.push((process.memoryUsage().rss - before) / 2 ** 20);
}
huge.close();
const mb = median(growth);
console.log(`  ${'RSS growth of a check run answered with 50 MB bodies (cap 2 MB)'.padEnd(58)} ${mb.toFixed(1).padStart(6)} MB median  goal < 40 MB  ${mb < 40 ? 'met' : 'MISSED'}`);
