import { parseCommandArgs, parseIntFlag, parsePairs, parseUrlFlag } from '../args.js';
import { SetupError, UsageError } from '../errors.js';
import { loadTargets } from '../../execute/check.js';
import { runScenarios } from '../../execute/runner.js';
import { createAgent } from '../../execute/http.js';
import { probe } from '../../execute/probe.js';
import { destructiveRefusal } from '../../execute/guard.js';
import { Redactor } from '../../execute/redact.js';
import { scenariosFor } from '../../scenarios/index.js';
import { formatReport, progressMark, REPORTERS } from '../../report/index.js';
import { writeFileAtomic } from '../../report/write.js';
import { SpecError } from '../../spec/errors.js';
import type { RunResult, ScenarioResult } from '../../checks/types.js';
import type { Exchange } from '../../execute/types.js';
import { relative } from 'node:path';

const HELP = `Usage: specgate check [--base-url URL] [--api NAME]... [--spec FILE]... [--state-url URL]
       [--var K=V]... [--header "K: V"]... [--reporter console|json|junit|github] [--output FILE]
       [--har FILE] [--concurrency N] [--timeout-ms N] [--allow-destructive]

Runs every scenario of the chosen APIs (all bundled ones by default) against the target.
With no --base-url, starts the built-in reference provider on a free loopback port and checks it.`;

/** Default credentials for the embedded reference provider, which requires a bearer token like the vendors do. */
const REFERENCE_TOKEN = 'Bearer specgate-reference-token';

function summarize(results: ScenarioResult[], target: string, started: number, interrupted: boolean): RunResult {
  const c = (o: string) => results.filter((r) => r.outcome === o).length;
  return {
    target,
    startedAt: new Date(started).toISOString(),
    results,
    interrupted: interrupted || undefined,
    summary: { total: results.length, passed: c('passed'), failed: c('failed'), errors: c('error'), skipped: c('skipped'), durationMs: Date.now() - started },
  };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    'base-url': { type: 'string' },
    api: { type: 'string', multiple: true },
    spec: { type: 'string', multiple: true },
    'state-url': { type: 'string' },
    var: { type: 'string', multiple: true },
    header: { type: 'string', multiple: true },
    reporter: { type: 'string', default: 'console' },
    output: { type: 'string' },
    har: { type: 'string' },
    concurrency: { type: 'string' },
    'timeout-ms': { type: 'string' },
    'allow-destructive': { type: 'boolean', default: false },
    'no-negative': { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const reporter = values.reporter!;
  if (!(REPORTERS as readonly string[]).includes(reporter)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, got '${reporter}'`);
  const baseUrlFlag = parseUrlFlag(values['base-url'], '--base-url');
  const stateUrlFlag = parseUrlFlag(values['state-url'], '--state-url');
  const vars = parsePairs(values.var, '=', '--var');
  const headers = parsePairs(values.header, ':', '--header');
  const concurrency = parseIntFlag(values.concurrency, '--concurrency', 1) ?? 8;
  const timeoutMs = parseIntFlag(values['timeout-ms'], '--timeout-ms', 1) ?? 10_000;

  let apis;
  try {
    apis = await loadTargets(values.api, values.spec);
  } catch (e) {
    if (e instanceof SpecError) throw new SetupError(e.message);
    throw e;
  }

  let baseUrl = baseUrlFlag;
  let stateUrl = stateUrlFlag?.href;
  let stopProvider: (() => Promise<void>) | undefined;
  if (!baseUrl) {
    const { startReferenceProvider } = await import('../../provider/index.js');
    const provider = await startReferenceProvider({ apis: apis.filter((a) => a.bundled).map((a) => a.name) });
    baseUrl = new URL(provider.url);
    stateUrl ??= provider.stateUrl;
    stopProvider = provider.close;
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) headers.Authorization = REFERENCE_TOKEN;
  }

  const redactor = new Redactor();
  redactor.addHeaders(headers);
  for (const [k, v] of Object.entries(vars)) if (apis.some((a) => a.bindings?.secretVars.includes(k)) || /token|secret|password|key/i.test(k)) redactor.add(v);

  const scenarios = apis.flatMap((a) => scenariosFor(a, { negative: !values['no-negative'] }));
  // Only probe when something would connect: a run the guard refuses entirely must not touch the host.
  const willConnect = scenarios.some((s) => !s.skip && !(s.destructive && destructiveRefusal(baseUrl!, apis.find((a) => a.name === s.api)!.model, values['allow-destructive']!)));
  const unreachableWhy = willConnect ? await probe(baseUrl, Math.min(timeoutMs, 3000)) : undefined;
  if (unreachableWhy) console.error(`specgate check: target ${redactor.text(baseUrl.href)} unreachable: ${unreachableWhy}`);
  const started = Date.now();
  const finished: ScenarioResult[] = [];
  const exchanges: Exchange[] = [];
  // Progress is for people watching a terminal; in CI logs it would push the one-line reason off the first line.
  const showProgress = process.stderr.isTTY === true;
  const controller = new AbortController();
  const agent = createAgent(concurrency);

  const emit = async (result: RunResult) => {
    const specFiles = Object.fromEntries(apis.map((a) => [a.name, relative(process.cwd(), a.model.file)]));
    const text = redactor.text(formatReport(result, reporter, { specFiles }));
    if (values.output) writeFileAtomic(values.output, text);
    else process.stdout.write(text);
    if (values.har) {
      const { writeHar } = await import('../../har/write.js');
      await writeHar(values.har, exchanges, { redact: (v: string) => redactor.text(v) });
    }
  };

  // On SIGINT/SIGTERM: report what finished, write files atomically, exit 130/143.
  let interruptedBy: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (interruptedBy) return;
    interruptedBy = sig;
    controller.abort();
    if (showProgress) process.stderr.write('\n');
    void emit(summarize([...finished], redactor.text(baseUrl!.href), started, true)).finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let result: RunResult;
  try {
    result = await runScenarios(apis, scenarios, {
      baseUrl,
      stateUrl,
      vars,
      headers,
      concurrency,
      timeoutMs,
      allowDestructive: values['allow-destructive'],
      dispatcher: agent,
      redactor,
      signal: controller.signal,
      onResult: (r) => {
        finished.push(r);
        if (showProgress) process.stderr.write(progressMark(r));
      },
      onExchange: (e) => exchanges.push(e),
    });
  } finally {
    await agent.close().catch(() => undefined);
    await stopProvider?.();
  }
  if (interruptedBy) return new Promise(() => undefined); // the signal handler exits
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (showProgress) process.stderr.write('\n');

  const unreachable = unreachableWhy !== undefined;
  if (!unreachable && !result.summary.failed && result.summary.errors) {
    const first = result.results.find((r) => r.outcome === 'error')!;
    console.error(`specgate check: ${result.summary.errors} scenario(s) could not run (first: ${first.reason})`);
  }
  await emit(result);
  if (unreachable) return 2;
  if (result.summary.failed) return 1;
  return result.summary.errors ? 2 : 0;
}
