/**
 * `specgate check` as a library function, and the only path to it: the CLI parses flags, calls
 * runCheck and prints. Loading, the built-in provider, the reachability probe, secret redaction,
 * scenario building, running and the summary all happen here, so a library caller gets the same
 * safety as the CLI.
 */
import type { Dispatcher } from 'undici';
import { loadTargets, type LoadedApi } from '../validate/load.js';
import { scenariosFor } from '../scenarios/index.js';
import type { Scenario } from '../scenarios/types.js';
import { selectChecks } from '../checks/registry.js';
import { createAgent } from '../execute/http.js';
import { probe } from '../execute/probe.js';
import { createGuard, type Lookup } from '../execute/guard.js';
import { Redactor } from '../redact/redactor.js';
import type { Exchange } from '../execute/types.js';
import { SetupError } from '../errors.js';
import { runScenarios } from './runner.js';
import { shardScenarios, type Shard } from './shard.js';
import { summarize } from './summary.js';
import { CoverageCollector } from './coverage.js';
import type { ResultSpill } from './keep.js';
import type { RunResult, ScenarioResult } from './types.js';
import { hasHeader } from '../util/headers.js';

export interface CheckOptions {
  /** The implementation under test. Absent: the built-in reference provider, for the APIs it implements. */
  baseUrl?: string | URL;
  /** Bundled API names; all of them when neither apis nor specs is given. */
  apis?: string[];
  /** Further OpenAPI documents (3.0 or 3.1). */
  specs?: string[];
  stateUrl?: string;
  vars?: Record<string, string>;
  /** Sent with every request except those that test missing credentials; their values are secrets. */
  headers?: Record<string, string>;
  /** Generated negative and boundary cases (default true). */
  negative?: boolean;
  /** Run only these checks / all but these (registry names). */
  checks?: string[];
  excludeChecks?: string[];
  concurrency?: number;
  timeoutMs?: number;
  maxBodyBytes?: number;
  allowDestructive?: boolean;
  /** How the destructive guard resolves host names (default: the system resolver). */
  lookup?: Lookup;
  dispatcher?: Dispatcher;
  /** Collects every secret seen; pass one to scrub your own output with it. */
  redactor?: Redactor;
  signal?: AbortSignal;
  /** Documentation coverage in the result (`--coverage`): statuses, examples, error identities, x-source rules and x-assumptions exercised. */
  coverage?: boolean;
  /**
   * Where passed results keep their detail (exchanges, curl lines) instead of memory: the results
   * returned hold only their verdicts, and `detailOf` (the JSON reporter) reads the rest back.
   * The caller closes it once the reports are written. Without one, every result is kept whole.
   */
  spill?: ResultSpill;
  /** Run only this shard's part of the scenarios (`--shard I/N`); the report records which. */
  shard?: Shard;
  /** Called once the scenarios are built, before any request. */
  onStart?: (info: { scenarios: number; target: string; apis: LoadedApi[] }) => void;
  onResult?: (r: ScenarioResult) => void;
  onExchange?: (e: Exchange) => void;
}

export interface CheckRun extends RunResult {
  /** Why the target could not be reached at all (then exit 2). */
  unreachable?: string;
  /** API name → absolute spec file, for annotations. */
  specFiles: Record<string, string>;
  /** What loading the documents had to say without stopping (unknown formats...), each with file:line. */
  warnings?: string[];
}

/** Default credentials for the embedded reference provider, which requires a bearer token like the vendors do. */
const REFERENCE_TOKEN = 'Bearer specgate-reference-token';

const skipAll = (api: LoadedApi, scenarios: Scenario[], why: string): Scenario[] => scenarios.filter((s) => s.api === api.name).map((s) => ({ ...s, steps: [], skip: why }));

export async function runCheck(options: CheckOptions = {}): Promise<CheckRun> {
  const checks = selectChecks(options.checks, options.excludeChecks);
  const apis = await loadTargets(options.apis, options.specs);
  if (options.specs?.length && options.baseUrl === undefined) {
    // The built-in provider would answer 404 for the user's API: that is no verdict on it.
    throw new SetupError(`--spec needs --base-url: the built-in reference provider implements only the bundled APIs`);
  }
  let scenarios = apis.flatMap((a) => scenariosFor(a, { negative: options.negative, vars: options.vars }));
  const headers = { ...(options.headers ?? {}) };
  const redactor = options.redactor ?? new Redactor();
  // Every value given as a header is a potential credential: masked, whatever its name.
  redactor.addHeaders(headers, { all: true });
  for (const a of apis) {
    redactor.addSecuritySchemes(a.model.securitySchemes);
    // A --var is secret when its name looks like a credential, names a securitySchemes credential, or the bindings say so.
    for (const [k, v] of Object.entries(options.vars ?? {})) if (a.bindings?.secretVars.includes(k) || redactor.isCredentialHeader(k) || redactor.isCredentialQuery(k)) redactor.add(v);
  }

  let baseUrl: URL;
  let stateUrl = options.stateUrl;
  let stopProvider: (() => Promise<void>) | undefined;
  if (options.baseUrl !== undefined) {
    baseUrl = new URL(String(options.baseUrl));
  } else {
    const { implementedApis, startReferenceProvider } = await import('../provider/index.js');
    const builtIn = implementedApis();
    const served = apis.filter((a) => a.bundled && builtIn.includes(a.name));
    const others = apis.filter((a) => !served.includes(a));
    if (!served.length) {
      throw new SetupError(`no built-in provider for ${others.map((a) => a.name).join(', ')}: pass --base-url`);
    }
    // An API the built-in provider does not implement is listed, not checked against the wrong server.
    for (const a of others) scenarios = [...scenarios.filter((s) => s.api !== a.name), ...skipAll(a, scenarios, 'no built-in provider: pass --base-url')];
    const provider = await startReferenceProvider({ apis: served.map((a) => a.name) });
    baseUrl = new URL(provider.url);
    stateUrl ??= provider.stateUrl;
    stopProvider = provider.close;
    if (!hasHeader(headers, 'authorization')) headers.Authorization = REFERENCE_TOKEN;
  }
  redactor.addUrl(baseUrl);
  const target = redactor.url(baseUrl.href);
  const specFiles = Object.fromEntries(apis.map((a) => [a.name, a.model.file]));
  const all = scenarios.length;
  if (options.shard) scenarios = shardScenarios(scenarios, options.shard);
  options.onStart?.({ scenarios: scenarios.length, target, apis });

  const started = Date.now();
  const agent = options.dispatcher ? undefined : createAgent(options.concurrency ?? 8);
  try {
    // Only probe when something would connect: a run the guard refuses entirely must not touch the host.
    const guard = createGuard({ lookup: options.lookup });
    const refused = new Map<string, boolean>();
    for (const a of apis.filter((x) => scenarios.some((s) => s.api === x.name && s.destructive && !s.skip))) refused.set(a.name, (await guard.refusal(baseUrl, a.model, options.allowDestructive ?? false)) !== undefined);
    const willConnect = scenarios.some((s) => !s.skip && !(s.destructive && refused.get(s.api)));
    // A caller's dispatcher decides how (and whether) to connect: a raw TCP probe would go around it.
    const unreachable = willConnect && !options.dispatcher ? await probe(baseUrl, Math.min(options.timeoutMs ?? 10_000, 3000)) : undefined;
    // Coverage reads each result whole as it finishes, before the spill slims it.
    const coverage = options.coverage ? new CoverageCollector(apis, scenarios) : undefined;
    const spill = options.spill;
    const result = await runScenarios(apis, scenarios, {
      baseUrl,
      stateUrl,
      vars: options.vars,
      headers,
      checks,
      concurrency: options.concurrency,
      timeoutMs: options.timeoutMs,
      maxBodyBytes: options.maxBodyBytes,
      allowDestructive: options.allowDestructive,
      guard,
      dispatcher: options.dispatcher ?? agent,
      redactor,
      signal: options.signal,
      keep:
        coverage || spill
          ? (r) => {
              coverage?.add(r);
              return spill ? spill.keep(r) : r;
            }
          : undefined,
      onResult: options.onResult,
      onExchange: options.onExchange,
    });
    const warnings = [...new Set(apis.flatMap((a) => a.warnings))];
    return {
      ...result,
      target,
      summary: summarize(result.results, Date.now() - started),
      unreachable,
      specFiles,
      warnings,
      ...(options.shard ? { shard: { ...options.shard, scenarios: all } } : {}),
      ...(coverage ? { coverage: coverage.report() } : {}),
    };
  } finally {
    await agent?.close().catch(() => undefined);
    await stopProvider?.();
  }
}
