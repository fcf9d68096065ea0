// Wall time of `specgate verify` (the Pact verifier against contracts/) beside `specgate check`
// (specgate's own runner, every scenario incl. the generated negative ones) against the same
// reference provider, started once with `specgate serve`. Each command runs as a user runs it
// (a fresh process); runs alternate so that both see the same machine state.
// Run after `npm run build`: node bench/verify-vs-check.mjs [--runs N]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/specgate.js', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

function startServe() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

function time(args) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.resume();
    child.on('close', (code) => resolve({ ms: performance.now() - started, code, last: out.trim().split('\n').at(-1) }));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const provider = await startServe();
const state = `${provider.url}/_specgate/state`;
const verifyArgs = ['verify', '--base-url', provider.url, '--state-url', state];
// `check` with --base-url sends no credentials of its own: give it the stand-in the contracts carry.
const checkArgs = ['check', '--base-url', provider.url, '--state-url', state, '--header', 'Authorization: Bearer specgate-reference-token'];
const verify = [];
const check = [];
let verifyLast = '';
let checkLast = '';
try {
  for (let i = 0; i < RUNS; i++) {
    const v = await time(verifyArgs);
    const c = await time(checkArgs);
    if (v.code !== 0 || c.code !== 0) throw new Error(`a run failed: verify exit ${v.code} (${v.last}), check exit ${c.code} (${c.last})`);
    verify.push(v.ms);
    check.push(c.ms);
    verifyLast = v.last;
    checkLast = c.last;
  }
} finally {
  provider.stop();
}
const v = median(verify);
const c = median(check);
console.log(`reference provider at ${provider.url}, ${RUNS} runs each, median wall time per process:`);
console.log(`  verify  ${v.toFixed(0).padStart(6)} ms   ${verifyLast}`);
console.log(`  check   ${c.toFixed(0).padStart(6)} ms   ${checkLast}`);
console.log(`  verify / check = ${(v / c).toFixed(2)}`);
