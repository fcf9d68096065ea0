/** `specgate check`: flags in, runCheck, reports out. All the work is the library's (run/check.ts). */
import { parseCommandArgs, parseIntFlag, parsePairs, parseUrlFlag } from '../args.js';
import { UsageError } from '../errors.js';
import { runCheck, type CheckRun } from '../../run/check.js';
import { exit2Reason, exitCodeOf, summarize } from '../../run/summary.js';
import type { ScenarioResult } from '../../run/types.js';
import { Redactor } from '../../redact/redactor.js';
import { HarWriter } from '../../har/write.js';
import { ResultSpill } from '../../run/keep.js';
import { progressMark, reportChunks, REPORTERS } from '../../report/index.js';
import { countLine } from '../../report/text.js';
import { assertWritable, writeFileAtomic } from '../../util/atomic-write.js';
import { CHECKS } from '../../checks/registry.js';
import { relative } from 'node:path';
import { CONFIG_FILES, resolveCheck } from '../config.js';
import { parseShard } from '../../run/shard.js';
import { setRefRoot } from '../../openapi/external.js';

const HELP = `Usage: specgate check [--base-url URL] [--api NAME]... [--spec FILE]... [--state-url URL]
       [--var K=V]... [--header "K: V"]... [--reporter console|json|junit|github|html] [--output FILE]
       [--har FILE] [--concurrency N] [--timeout-ms N] [--allow-destructive] [--strict]
       [--checks NAME,...] [--exclude-checks NAME,...] [--no-negative] [--config FILE]
       [--shard I/N] [--coverage] [--ref-root DIR]

Runs every scenario of the chosen APIs (all bundled ones by default) against the target.
With no --base-url, starts the built-in reference provider on a free loopback port and checks
the APIs it implements; --spec documents need a --base-url.

  --config FILE          read options from FILE instead of ./${CONFIG_FILES[0]} (or the
                         "specgate" key of ./package.json), which is read when present. Keys:
                         baseUrl, stateUrl, headers, vars, apis, specs, reporters (list of
                         NAME or {name, output}), concurrency, timeoutMs, strict, negative,
                         coverage, checks, excludeChecks; \${VAR} takes an environment variable. Flags
                         given override the file; --reporter/--output replace its reporters.
  --shard I/N            run only part I of N (round-robin over sorted scenario ids, scenarios
                         sharing a state lock together); join the JSON reports with merge-reports
  --coverage             documentation coverage per API and operation: documented statuses,
                         examples and error identities reached, each x-source rule and
                         x-assumption exercised (passed/failed/warned/not exercised); in
                         the console report and as "coverage" in the JSON and HTML reports
  --ref-root DIR          a document's $refs may read YAML/JSON files below DIR too (default:
                         the document's own folder only; a shared ../common needs --ref-root ..)
  --no-negative          documented scenarios only (no generated negative and boundary cases)
  --strict               warnings (mismatches with an x-assumption, not a source sentence) fail too
  --checks, --exclude-checks
                         run only / all but these checks: ${Object.keys(CHECKS).join(', ')}

Exit codes: 0 all is well (warnings allowed unless --strict), 1 nonconformance found,
2 usage or setup error (bad flag, unreadable spec, target unreachable, scenarios that could not
run, nothing checked). On 2 the one-line reason comes first on stderr.`;

const list = (v: string[] | undefined) => v?.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    'base-url': { type: 'string' },
    api: { type: 'string', multiple: true },
    spec: { type: 'string', multiple: true },
    'ref-root': { type: 'string' },
    'state-url': { type: 'string' },
    var: { type: 'string', multiple: true },
    header: { type: 'string', multiple: true },
    config: { type: 'string' },
    reporter: { type: 'string' },
    output: { type: 'string' },
    har: { type: 'string' },
    concurrency: { type: 'string' },
    'timeout-ms': { type: 'string' },
    'allow-destructive': { type: 'boolean', default: false },
    'no-negative': { type: 'boolean' },
    coverage: { type: 'boolean' },
    strict: { type: 'boolean' },
    checks: { type: 'string', multiple: true },
    'exclude-checks': { type: 'string', multiple: true },
    shard: { type: 'string' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  setRefRoot(values['ref-root']);
  if (values.reporter !== undefined && !(REPORTERS as readonly string[]).includes(values.reporter)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, got '${values.reporter}'`);
  const redactor = new Redactor();
  // Flags given, then the config file under them: one CheckOptions for runCheck.
  const { options, strict, reporters } = resolveCheck(
    {
      baseUrl: parseUrlFlag(values['base-url'], '--base-url'),
      apis: values.api,
      specs: values.spec,
      stateUrl: parseUrlFlag(values['state-url'], '--state-url')?.href,
      vars: values.var && parsePairs(values.var, '=', '--var'),
      headers: values.header && parsePairs(values.header, ':', '--header'),
      negative: values['no-negative'] ? false : undefined,
      coverage: values.coverage,
      checks: list(values.checks),
      excludeChecks: list(values['exclude-checks']),
      concurrency: parseIntFlag(values.concurrency, '--concurrency', 1),
      timeoutMs: parseIntFlag(values['timeout-ms'], '--timeout-ms', 1),
    },
    { config: values.config, reporter: values.reporter, output: values.output, strict: values.strict },
    redactor,
  );
  // Before the run, not after it: an output that can never be written is a setup error now.
  for (const file of [...reporters.map((r) => r.output), values.har]) if (file) assertWritable(file);
  const finished: ScenarioResult[] = [];
  // Exchanges go to the HAR as they happen: a long run, or one of 10 MB answers, never holds them all.
  const har = values.har ? HarWriter.open(values.har, { redactor }) : undefined;
  // Passed results keep only their verdicts in memory; the JSON report reads their exchanges back from here.
  const spill = ResultSpill.open();
  // Progress is for people watching a terminal; in CI logs it would push the one-line reason off the first line.
  const showProgress = process.stderr.isTTY === true;
  const controller = new AbortController();
  let target = '';
  let specFiles: Record<string, string> = {};

  const emit = async (run: CheckRun) => {
    const rel = Object.fromEntries(Object.entries(run.specFiles).map(([k, f]) => [k, relative(process.cwd(), f)]));
    for (const { name, output } of reporters) {
      // Piece by piece (one scenario per piece in JSON), each scrubbed once more on its way out.
      const pieces = reportChunks(run, name, { specFiles: rel, strict, redact: (s) => redactor.text(s) });
      if (output) writeFileAtomic(output, pieces);
      else for (const piece of pieces) process.stdout.write(piece);
    }
    // Reports in files still leave one line on the terminal.
    const files = reporters.filter((r) => r.output).map((r) => (relative(process.cwd(), r.output!).startsWith('..') ? r.output! : relative(process.cwd(), r.output!)));
    if (files.length) console.error(`specgate check: ${redactor.text(countLine(run))}; report${files.length > 1 ? 's' : ''} written to ${files.join(', ')}`);
    await har?.close();
    spill.close();
  };

  // On SIGINT/SIGTERM: report what finished, write files atomically, exit 130/143.
  let interruptedBy: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (interruptedBy) return;
    interruptedBy = sig;
    controller.abort();
    if (showProgress) process.stderr.write('\n');
    const partial: CheckRun = { target, startedAt: new Date().toISOString(), results: [...finished], interrupted: true, summary: summarize(finished, 0), specFiles };
    void emit(partial).finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  // `on`, not `once`: a second signal while the files are written (an impatient double Ctrl-C) must
  // not fall through to Node's default handler, which exits before the report and the HAR exist.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let result: CheckRun;
  try {
    result = await runCheck({
      ...options,
      shard: values.shard === undefined ? undefined : parseShard(values.shard),
      allowDestructive: values['allow-destructive'],
      redactor,
      spill,
      signal: controller.signal,
      onStart: (info) => {
        target = info.target;
        specFiles = Object.fromEntries(info.apis.map((a) => [a.name, a.model.file]));
      },
      onResult: (r) => {
        finished.push(r);
        if (showProgress) process.stderr.write(progressMark(r));
      },
      onExchange: (e) => har?.add(e),
    });
  } catch (e) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    har?.abort();
    spill.close();
    // A setup error's message (a URL, a header) is scrubbed like every other output.
    if (e instanceof Error) e.message = redactor.text(e.message);
    throw e;
  }
  if (interruptedBy) return new Promise(() => undefined); // the signal handler exits
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (showProgress) process.stderr.write('\n');

  const code = exitCodeOf(result, { strict });
  const why = code === 2 ? exit2Reason(result, 'check') : undefined;
  if (why) console.error(`specgate check: ${redactor.text(why)}`);
  for (const w of result.warnings ?? []) console.error(`specgate check: warning: ${w}`);
  await emit(result);
  return code;
}
