/** Verifying contracts against a target with the Pact verifier, results in the run-result model. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { summarize } from '../run/summary.js';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckFailure } from '../checks/types.js';
import type { RunResult, ScenarioResult } from '../run/types.js';
import { Redactor } from '../redact/redactor.js';
import { createGuard, type DestructiveGuard, type Lookup } from '../execute/guard.js';
import { slug } from '../scenarios/slug.js';
import { loadApi, type LoadedApi } from '../validate/load.js';
import { validateResponse } from '../validate/validator.js';
import type { ExchangeResponse } from '../execute/types.js';
import { bundledApiNames } from '../openapi/registry.js';
import { contractsDir } from '../openapi/paths.js';
import { runPact } from './binary.js';
import { interactionsOf, isNegative, operationFor, readContracts, withHeaders, type ContractFile } from './contracts.js';
import { probe } from '../execute/probe.js';
import { startStateProxy, type StateProxy } from './state-proxy.js';
import { INTERACTION_HEADER, startTargetProxy, type TargetProxy } from './target-proxy.js';
import { EARLIER_REQUESTS_STATE, interactionDescription, type EarlierRequest } from './interactions.js';
import { scenariosFor, type Scenario } from '../scenarios/index.js';
import { bodyMatches, documentedErrorIdentity } from '../checks/identity.js';

export interface VerifyOptions {
  baseUrl: URL;
  /** API names (contracts/<api>.json); every contract by default. */
  apis?: string[];
  /** The target's provider-state endpoint (the one `check` uses). */
  stateUrl?: string;
  /** Credentials and headers for the target (see contracts.ts withHeaders). */
  headers?: Record<string, string>;
  contractsDir?: string;
  timeoutMs?: number;
  /** Bodies beyond this are cut off and the interaction is an error (as in `check`). */
  maxBodyBytes?: number;
  allowDestructive?: boolean;
  /** How the destructive guard resolves host names (default: the system resolver). */
  lookup?: Lookup;
  redactor?: Redactor;
}

/** The target or the contracts are not there: `verify` exits 2 with this one line. */
export class VerifySetupError extends Error {}

type Json = Record<string, unknown>;

interface PactMismatch {
  type?: string;
  mismatch?: string;
  path?: string;
  key?: string;
  expected?: unknown;
  actual?: unknown;
}

interface VerifierReport {
  interactionResults?: { description: string; duration?: string; result: string }[];
  errors?: { interaction: string; mismatch: { type: string; message?: string; mismatches?: PactMismatch[] } }[];
}

/** `$.errors[0].code` → `/errors/0/code` (the pointers the other reports use). */
const toPointer = (path: string | undefined) =>
  !path || path === '$'
    ? ''
    : path
        .replace(/^\$/, '')
        .replace(/\[(\d+|\*)\]/g, '.$1')
        .replace(/\['([^']+)'\]/g, '.$1')
        .split('.')
        .filter(Boolean)
        .map((k) => '/' + k.replace(/~/g, '~0').replace(/\//g, '~1'))
        .join('');

const durationMs = (d: string | undefined) => {
  let ms = 0;
  for (const [, n, unit] of (d ?? '').matchAll(/([\d.]+)\s*(ms|s|m)\b/g)) ms += Number(n) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000);
  return Math.round(ms);
};

/** Pact's mismatches in the words of specgate's other reports. */
function toFailure(m: PactMismatch, redactor: Redactor): CheckFailure {
  const text = redactor.text(m.mismatch ?? JSON.stringify(m));
  switch (m.type) {
    case 'StatusMismatch':
      return { check: 'pact_status', message: 'the status is not the one the contract expects', expected: m.expected, actual: m.actual };
    case 'HeaderMismatch':
      return { check: 'pact_header', message: `header ${m.key}: ${text}`, pointer: `/${m.key ?? ''}`, expected: redactor.value(m.expected), actual: redactor.value(m.actual) };
    case 'BodyTypeMismatch':
      return { check: 'pact_content_type', message: `body content type: ${text}`, expected: m.expected, actual: m.actual };
    case 'BodyMismatch': {
      // Pact words it "Expected <actual> to be equal to <expected>"; the expected/actual line below says it plainly.
      const short = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? redactor.text(v) : undefined);
      return { check: 'pact_body', message: `body${m.path && m.path !== '$' ? ` at ${m.path}` : ''}: ${text}`, pointer: toPointer(m.path), expected: short(m.expected), actual: short(m.actual) };
    }
    default:
      return { check: `pact_${slug(m.type ?? 'mismatch').replace(/-/g, '_')}`, message: text, pointer: toPointer(m.path) };
  }
}

/**
 * What a Pact contract cannot say: a key the document declares but does not require (Qonto's
 * `balance`) is either pinned present or left out. So the answer the target gave is also judged
 * against the operation's response schema, as `check` judges it: a source-backed mismatch fails
 * the interaction, one only an assumption backs is a warning.
 */
function schemaCheck(api: LoadedApi, interaction: Json, res: ExchangeResponse | undefined, r: ScenarioResult, redactor: Redactor): void {
  const op = operationFor(api, interaction);
  if (!op || !res || res.parseError) return;
  const issues = validateResponse(api, op.operationId, { status: res.status, headers: res.headers, body: res.body ?? (res.bodyText || undefined) }).filter((i) => i.location === 'body');
  if (!issues.length) return;
  r.steps[0].failures.push(
    ...issues.map((i): CheckFailure => ({
      check: 'response_schema_conformance',
      message: redactor.text(i.message),
      pointer: i.pointer,
      expected: redactor.value(i.expected),
      actual: redactor.value(i.actual),
      source: i.source,
      ...(i.assumption ? { severity: 'warning' as const, assumption: i.assumption } : {}),
    })),
  );
  if (issues.some((i) => !i.assumption)) r.outcome = 'failed';
  else if (r.outcome === 'passed') r.outcome = 'warned';
}

/** A scenario step whose expectation has parts only an assumption backs, by interaction description. */
export interface AssumedStep {
  scenario: Scenario;
  step: number;
}

/**
 * The interactions whose contract leaves out what only an assumption backs (an error identity,
 * a body value): the contract must not pin it, so the verifier passes any answer there. `verify`
 * still says when the answer departs from the assumed reading, as a warning (as `check` does).
 */
export function assumedSteps(api: LoadedApi): Map<string, AssumedStep> {
  // By description, as the contract names its interactions (those it leaves out are never looked up).
  const out = new Map<string, AssumedStep>();
  for (const scenario of scenariosFor(api)) {
    scenario.steps.forEach((st, step) => {
      if (st.expect.assumed?.length) out.set(interactionDescription(scenario, step), { scenario, step });
    });
  }
  return out;
}

/** The assumed parts of one interaction's expectation, judged on the target's answer: warnings only. */
function assumedCheck(api: LoadedApi, at: AssumedStep | undefined, res: ExchangeResponse | undefined, r: ScenarioResult, redactor: Redactor): void {
  if (!at || !res || res.parseError) return;
  const step = at.scenario.steps[at.step];
  const ctx = { api, scenario: at.scenario, step, vars: {}, exchange: { request: { method: '', url: '', headers: {} }, response: res, startedAt: 0, durationMs: 0 } };
  // A bodyMatches with state values ({{Id}}) needs the run's variables, which only `check` has.
  const checks = JSON.stringify(step.expect.bodyMatches ?? '').includes('{{') ? [documentedErrorIdentity] : [documentedErrorIdentity, bodyMatches];
  const warnings = checks.flatMap((c) => c(ctx)).filter((f) => f.severity === 'warning');
  if (!warnings.length) return;
  r.steps[0].failures.push(...warnings.map((w) => ({ ...w, message: redactor.text(w.message), expected: redactor.value(w.expected), actual: redactor.value(w.actual) })));
  if (r.outcome === 'passed') r.outcome = 'warned';
}

type Opts = Required<Pick<VerifyOptions, 'timeoutMs'>> & VerifyOptions & { guard: DestructiveGuard };

/** Every interaction of a contract as a result to fill in; those the destructive guard refuses are errors already. */
async function prepare(c: ContractFile, api: LoadedApi, opts: Opts): Promise<{ results: Map<string, ScenarioResult>; kept: Json[] }> {
  const results = new Map<string, ScenarioResult>();
  const kept: Json[] = [];
  for (const i of interactionsOf(c.pact)) {
    const description = String(i.description);
    const op = operationFor(api, i);
    const r: ScenarioResult = { id: `${c.api}.${op?.operationId ?? 'unknown'}.${slug(description)}`, name: description, api: c.api, operationId: op?.operationId ?? 'unknown', kind: isNegative(i) ? 'negative' : 'example', outcome: 'passed', steps: [{ name: description, failures: [] }], durationMs: 0 };
    // Destructive operations are never sent where `check` would not send them, nor replayed as an earlier step.
    const earlier = ((i.providerStates as Json[] | undefined) ?? []).filter((st) => st.name === EARLIER_REQUESTS_STATE).flatMap((st) => ((st.params as Json)?.requests as EarlierRequest[] | undefined) ?? []);
    const destructive = op?.destructive || earlier.some((e) => operationFor(api, { request: e })?.destructive);
    const refusal = destructive ? await opts.guard.refusal(opts.baseUrl, api.model, opts.allowDestructive ?? false) : undefined;
    results.set(description, refusal ? { ...r, outcome: 'error', errorKind: 'guard', reason: refusal } : r);
    if (!refusal) kept.push(i);
  }
  return { results, kept };
}

interface Job {
  c: ContractFile;
  api: LoadedApi;
  interactions: Json[];
  results: Map<string, ScenarioResult>;
  assumed: Map<string, AssumedStep>;
}

/** The guard for one request by method and path: only destructive operations can be refused. */
const refusalFor = (api: LoadedApi, opts: Opts) => async (method: string, path: string) => {
  const op = operationFor(api, { request: { method, path } });
  return op?.destructive ? opts.guard.refusal(opts.baseUrl, api.model, opts.allowDestructive ?? false) : undefined;
};

/** Each interaction's request carries its index, so the target proxy can tell which one failed. */
const tagged = (interactions: Json[]) =>
  interactions.map((i, k) => {
    const req = (i.request ?? {}) as Json;
    return { ...i, request: { ...req, headers: { ...((req.headers as Json) ?? {}), [INTERACTION_HEADER]: [String(k)] } } };
  });

/** One `pact verifier` process over some interactions of one contract, with its own state and target proxies. */
async function runJob({ c, api, interactions, results, assumed }: Job, opts: Opts, redactor: Redactor): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), `specgate-verify-${c.api}-`));
  let proxy: StateProxy | undefined;
  let target: TargetProxy | undefined;
  try {
    const pactFile = join(work, `${c.api}.json`);
    // The copy may hold the user's credentials: readable by the owner only, removed below.
    writeFileSync(pactFile, JSON.stringify(withHeaders({ ...c.pact, interactions: tagged(interactions) }, opts.headers ?? {})), { mode: 0o600 });
    const refusal = refusalFor(api, opts);
    proxy = await startStateProxy({ baseUrl: opts.baseUrl, stateUrl: opts.stateUrl, timeoutMs: opts.timeoutMs, secretVars: new Set(api.bindings?.secretVars ?? []), redactor, refusal });
    target = await startTargetProxy({ baseUrl: opts.baseUrl, timeoutMs: opts.timeoutMs, maxBodyBytes: opts.maxBodyBytes ?? 10 * 1024 * 1024, refusal, scrub: (t) => redactor.text(t) });
    const report = join(work, 'report.json');
    // The verifier only ever talks to the loopback proxy (which answers within timeoutMs): it never sees a redirect.
    const args = ['verifier', '-f', pactFile, '-h', '127.0.0.1', '-p', String(target.port), '--transport', 'http', '-n', c.api, '-s', proxy.url, '--state-change-teardown', '--request-timeout', String(opts.timeoutMs + 5000), '-j', report, '--no-colour', '--loglevel', 'error'];
    const run = await runPact(args);
    let parsed: VerifierReport;
    try {
      parsed = JSON.parse(readFileSync(report, 'utf8')) as VerifierReport;
    } catch {
      const why = (run.stderr || run.stdout).trim().split('\n').find((l) => l.trim()) ?? `exit code ${run.code}`;
      throw new VerifySetupError(`the Pact verifier did not run for ${c.api}: ${redactor.text(why)}`);
    }
    const descriptions = interactions.map((i) => String(i.description)).sort((a, b) => b.length - a.length);
    for (const ir of parsed.interactionResults ?? []) {
      const r = results.get(ir.description);
      if (r) r.durationMs = durationMs(ir.duration);
    }
    for (const e of parsed.errors ?? []) {
      // The verifier names an interaction "Verifying a pact between C and P [Given ...] - <description>".
      const d = descriptions.find((x) => e.interaction.endsWith(` - ${x}`) || e.interaction === x);
      const r = d === undefined ? undefined : results.get(d);
      if (!r) continue;
      if (e.mismatch.type === 'mismatches') {
        r.outcome = 'failed';
        r.steps[0].failures.push(...(e.mismatch.mismatches ?? []).map((m) => toFailure(m, redactor)));
        continue;
      }
      const message = redactor.text(e.mismatch.message ?? 'the verifier could not verify this interaction');
      const interaction = interactions.find((i) => i.description === d)!;
      const states = ((interaction.providerStates as Json[]) ?? []).map((s) => String(s.name));
      if (/state change/i.test(message)) {
        const why = states.map((s) => proxy!.failures.get(s)).find(Boolean);
        Object.assign(r, { outcome: 'error', errorKind: why?.kind ?? 'setup', reason: why?.reason ?? message });
      } else {
        Object.assign(r, { outcome: 'error', errorKind: 'transport', reason: message });
      }
    }
    // What the proxy saw outranks the verifier's reading of its 502: the target never answered that request.
    interactions.forEach((i, k) => {
      const failure = target!.failures.get(String(k));
      const r = results.get(String(i.description));
      if (failure && r) Object.assign(r, { outcome: 'error', errorKind: failure.kind, reason: failure.reason, steps: [{ ...r.steps[0], failures: [] }] });
      else if (r && r.outcome !== 'error') {
        schemaCheck(api, i, target!.answers.get(String(k)), r, redactor);
        assumedCheck(api, assumed.get(String(i.description)), target!.answers.get(String(k)), r, redactor);
      }
    });
  } finally {
    await target?.close();
    await proxy?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Cut the contracts into about equal jobs, one per core. The verifier spends some 25 ms of CPU
 * per interaction whatever the target does, so one process per contract leaves cores idle while
 * the biggest contract runs. Interactions are independent (each sets up its own states), so any
 * cut is safe.
 */
function jobsFor(prepared: { c: ContractFile; api: LoadedApi; kept: Json[]; results: Map<string, ScenarioResult>; assumed: Map<string, AssumedStep> }[]): Job[] {
  const workers = Math.max(1, Math.min(availableParallelism(), 8));
  const total = prepared.reduce((n, p) => n + p.kept.length, 0);
  const size = Math.max(4, Math.ceil(total / workers));
  const jobs: Job[] = [];
  for (const p of prepared) {
    const n = Math.ceil(p.kept.length / size);
    for (let k = 0; k < n; k++) {
      const interactions = p.kept.filter((_, i) => i % n === k);
      jobs.push({ c: p.c, api: p.api, interactions, results: p.results, assumed: p.assumed });
    }
  }
  // Longest first: the pool then finishes about together.
  return jobs.sort((a, b) => b.interactions.length - a.interactions.length);
}

async function runPool(jobs: Job[], opts: Opts, redactor: Redactor): Promise<void> {
  const workers = Math.max(1, Math.min(availableParallelism(), 8, jobs.length));
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < jobs.length) await runJob(jobs[next++], opts, redactor);
    }),
  );
}

/**
 * Verify a target against the committed contracts with the Pact verifier (the `pact verifier`
 * binary), in parallel jobs, each with its own state proxy. Never throws for
 * target misbehaviour; throws VerifySetupError when there is nothing to verify against.
 */
export async function verifyContracts(options: VerifyOptions): Promise<RunResult> {
  const started = Date.now();
  const opts: Opts = { timeoutMs: 10_000, ...options, guard: createGuard({ lookup: options.lookup }) };
  const redactor = options.redactor ?? new Redactor();
  // Every value given as a header is a potential credential: masked, whatever its name.
  redactor.addHeaders(opts.headers ?? {}, { all: true });
  redactor.addUrl(opts.baseUrl);

  let contracts: ContractFile[];
  try {
    contracts = readContracts(opts.contractsDir ?? contractsDir(), opts.apis);
  } catch (e) {
    throw new VerifySetupError((e as Error).message);
  }
  const known = bundledApiNames();
  for (const c of contracts) if (!known.includes(c.api)) throw new VerifySetupError(`contract ${c.file} is for '${c.api}', which is not a bundled API (${known.join(', ')})`);

  const apis = await Promise.all(contracts.map((c) => loadApi(c.api)));
  for (const a of apis) redactor.addSecuritySchemes(a.model.securitySchemes);
  const prepared = await Promise.all(contracts.map(async (c, i) => ({ c, api: apis[i], assumed: assumedSteps(apis[i]), ...(await prepare(c, apis[i], opts)) })));
  // A run the guard refuses entirely must not touch the host, not even with a TCP connect.
  if (prepared.some((p) => p.kept.length)) {
    const down = await probe(opts.baseUrl);
    if (down) throw new VerifySetupError(`target ${redactor.text(opts.baseUrl.origin)} unreachable: ${down}`);
    if (opts.stateUrl) {
      const stateDown = await probe(new URL(opts.stateUrl));
      if (stateDown) throw new VerifySetupError(`state endpoint ${redactor.url(opts.stateUrl)} unreachable: ${stateDown}`);
    }
  }
  await runPool(jobsFor(prepared), opts, redactor);
  // In contract order (interactions sorted by description), whatever order the jobs ended in.
  const results = prepared.flatMap((p) => [...p.results.values()]);
  return {
    target: redactor.url(opts.baseUrl.href),
    startedAt: new Date(started).toISOString(),
    results,
    summary: summarize(results, Date.now() - started),
  };
}
