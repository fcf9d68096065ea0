// Same target, same verdicts: 50 `check` runs at --concurrency 16, each scenario's outcome compared
// run to run. Against the reference provider, and against the `uncounted-global-states` variant
// (a provider-wide state is a plain set: any teardown removes it) behind a state endpoint that
// answers global setups late, the provider that exposed the flaky blocked-country verdicts. A third
// series runs the same with the scenario locks stripped, to show what the locks prevent.
// Exit 1 when a locked series ever differs. Run after `npm run build`: node bench/determinism.mjs [--runs N]
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { arg, loadLibrary, root } from './lib.mjs';

const RUNS = arg('--runs', 50);
const CONCURRENCY = 16;
const GLOBAL_SETUP_DELAY_MS = 50;
const lib = await loadLibrary();
await import(pathToFileURL(join(root, 'dist', 'testing.js')).href); // the variant names live there
const apis = await lib.loadBundledApis();
const checks = lib.selectChecks();
const headers = { Authorization: 'Bearer specgate-reference-token' };

/** A state endpoint in front of the provider's, slow on global setups (as a provider backed by a real store would be). */
async function slowStates(target, globalStates) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { state, action } = JSON.parse(body);
      const forward = () =>
        fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()));
      if (action === 'setup' && globalStates.has(state)) setTimeout(forward, GLOBAL_SETUP_DELAY_MS);
      else forward();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

async function series(label, { variants = [], slow = false, locks = true }) {
  const provider = await lib.startReferenceProvider({ variants });
  const globalStates = new Set(apis.flatMap((a) => (a.bindings?.states ?? []).filter((s) => s.scope === 'global').map((s) => s.name)));
  const proxy = slow ? await slowStates(provider.stateUrl, globalStates) : undefined;
  const scenarios = apis.flatMap((a) => lib.scenariosFor(a)).map((s) => (locks ? s : { ...s, locks: undefined }));
  const seen = new Map();
  let withFailures = 0;
  const started = performance.now();
  try {
    for (let i = 0; i < RUNS; i++) {
      const run = await lib.runScenarios(apis, scenarios, { baseUrl: new URL(provider.url), stateUrl: proxy?.url ?? provider.stateUrl, headers, checks, concurrency: CONCURRENCY });
      const key = JSON.stringify(run.results.map((r) => [r.id, r.outcome]));
      seen.set(key, [...(seen.get(key) ?? []), run]);
      if (run.summary.failed || run.summary.errors) withFailures++;
    }
  } finally {
    await proxy?.close();
    await provider.close();
  }
  const s = ((performance.now() - started) / 1000).toFixed(1);
  const flipped = new Set();
  const [first, ...others] = [...seen.values()].map((runs) => runs[0]);
  for (const o of others) o.results.forEach((r, i) => r.outcome !== first.results[i].outcome && flipped.add(r.name));
  console.log(`${label.padEnd(58)} ${RUNS} runs, ${scenarios.length} scenarios each: ${seen.size} distinct outcome set(s), ${withFailures} run(s) with a failure or error (${s} s)`);
  for (const n of flipped) console.log(`    flips: ${n}`);
  return seen.size;
}

const a = await series('reference provider', {});
const b = await series('uncounted global states, slow state setup', { variants: ['uncounted-global-states'], slow: true });
await series('the same without scenario locks (for comparison)', { variants: ['uncounted-global-states'], slow: true, locks: false });
process.exit(a === 1 && b === 1 ? 0 : 1);
