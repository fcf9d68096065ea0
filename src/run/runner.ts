/** Runs scenarios against a target: provider states, requests, the checks it is handed, bounded concurrency. */
import { randomBytes } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { LoadedApi } from '../validate/load.js';
import type { Scenario, ScenarioStep } from '../scenarios/types.js';
import type { ExpectedOutcome } from '../openapi/bindings.js';
import { substitute, substituteRequest, UnresolvedVariable } from '../scenarios/substitute.js';
import { withoutCredentials } from '../execute/without-credentials.js';
import type { Check } from '../checks/types.js';
import { runChecks } from '../checks/registry.js';
import { send } from '../execute/http.js';
import { callState, StateError } from '../execute/state.js';
import { Redactor } from '../redact/redactor.js';
import { isSecretName } from '../redact/names.js';
import { curlCommand } from '../execute/curl.js';
import { encodeBody } from '../execute/encode.js';
import { keepForReport } from './keep.js';
import { createGuard, type DestructiveGuard } from '../execute/guard.js';
import type { Exchange, ExchangeRequest } from '../execute/types.js';
import { fillPath, joinUrl } from '../util/url.js';
import { literalsOf } from '../validate/params.js';
import { pointerToPath } from '../util/pointer.js';
import { outcomeOf, summarize } from './summary.js';
import type { RunResult, ScenarioResult, StepResult } from './types.js';

export interface RunOptions {
  baseUrl: URL;
  stateUrl?: string;
  vars?: Record<string, string>;
  /**
   * `{{runId}}` in the bindings (a fresh one per run by default): idempotency keys such as
   * Udara360's Request-Reference must differ from one run to the next, or a long-lived target
   * answers the second run's requests as replays of the first's.
   */
  runId?: string;
  /** Applied to every request except those that test missing credentials. */
  headers?: Record<string, string>;
  /** The checks every step runs, by name (the registry's, or a selection of it). */
  checks: Record<string, Check>;
  concurrency?: number;
  timeoutMs?: number;
  maxBodyBytes?: number;
  allowDestructive?: boolean;
  /** The destructive guard (one per run, it caches resolutions); default: the system resolver's. */
  guard?: DestructiveGuard;
  dispatcher?: Dispatcher;
  redactor?: Redactor;
  /**
   * What the run keeps of each finished result, in its results and for `onResult` (default: all of
   * it). `ResultSpill.keep` slims passed results so that a long run's memory does not grow with them.
   */
  keep?: (r: ScenarioResult) => ScenarioResult;
  /** Called as each scenario finishes (progress output, streaming reporters). */
  onResult?: (r: ScenarioResult) => void;
  /** Every exchange made, in order (for --har). */
  onExchange?: (e: Exchange) => void;
  signal?: AbortSignal;
}

const getAt = (body: unknown, pointer: string): unknown =>
  pointerToPath(pointer).reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), body);

type Resolved = RunOptions & { runId: string; timeoutMs: number; maxBodyBytes: number; redactor: Redactor; guard: DestructiveGuard };

/** A step whose every expected outcome is a 4xx (or no success): what a documented error's example provokes. */
function expectsRefusal(e: ScenarioStep['expect']): boolean {
  const refusal = (o: ExpectedOutcome) => Boolean(o.notSuccess) || (o.status !== undefined && /^4/.test(String(o.status)));
  return e.anyOf?.length ? e.anyOf.every(refusal) : refusal(e);
}

function buildRequest(api: LoadedApi, step: ScenarioStep, base: URL, vars: Record<string, string>, defaults: Record<string, string>): ExchangeRequest {
  const t = substituteRequest(step.request, vars);
  const op = api.operation(t.operationId)!;
  const headers: Record<string, string> = { accept: t.accept ?? 'application/json' };
  for (const [k, v] of Object.entries(defaults)) {
    if (t.omitAuth && !t.omit && isSecretName(k)) continue;
    headers[k.toLowerCase()] = v;
  }
  for (const [k, v] of Object.entries(t.headers)) headers[k.toLowerCase()] = v;
  let body: string | undefined;
  if (t.body !== undefined && t.contentType && !headers['content-type']) {
    ({ body, contentType: headers['content-type'] } = encodeBody(t.body, t.contentType, t.encoding));
  } else if (t.body !== undefined) {
    body = typeof t.body === 'string' ? t.body : JSON.stringify(t.body);
    headers['content-type'] ??= 'application/json';
  }
  const request = { method: op.method.toUpperCase(), url: joinUrl(base, fillPath(op.path, t.path, literalsOf(op.parameters, 'path')), t.query, literalsOf(op.parameters, 'query')), headers, body };
  // Exactly the credentials the operation's security names are left out, wherever they travel.
  return t.omit ? withoutCredentials(request, t.omit) : request;
}

async function runScenario(api: LoadedApi, scenario: Scenario, opts: Resolved): Promise<ScenarioResult> {
  // The run's secrets plus this scenario's own (state tokens, credentials its requests carry), forgotten
  // with it: everything the result and the exchanges keep is masked before it leaves this function.
  const redactor = opts.redactor.scope();
  const started = Date.now();
  const result: ScenarioResult = { id: scenario.id, name: scenario.name, api: scenario.api, operationId: scenario.operationId, kind: scenario.kind, outcome: 'passed', steps: [], durationMs: 0 };
  const finish = (r: Partial<ScenarioResult>): ScenarioResult => ({ ...result, ...r, ...(r.reason ? { reason: redactor.text(r.reason) } : {}), durationMs: Date.now() - started });
  if (scenario.skip) return finish({ outcome: 'skipped', reason: scenario.skip });
  if (scenario.destructive) {
    const refusal = await opts.guard.refusal(opts.baseUrl, api.model, opts.allowDestructive ?? false);
    if (refusal) return finish({ outcome: 'error', errorKind: 'guard', reason: refusal });
  }
  const vars: Record<string, string> = { runId: opts.runId, ...(scenario.defaults ?? {}), ...(api.bindings?.vars ?? {}), ...(opts.vars ?? {}) };
  // Teardown gets the setup's params plus its answer, so the provider knows exactly what to remove.
  const setUp: { name: string; params: Record<string, unknown> }[] = [];
  const stateOpts = { timeoutMs: opts.timeoutMs, maxBodyBytes: opts.maxBodyBytes, dispatcher: opts.dispatcher, signal: opts.signal };
  try {
    for (const state of scenario.states) {
      if (!opts.stateUrl) return finish({ outcome: 'error', errorKind: 'setup', reason: `needs provider state '${state.name}' but no --state-url was given` });
      const resolved = substitute(state, vars);
      const answer = await callState(opts.stateUrl, resolved, 'setup', stateOpts);
      setUp.push({ name: resolved.name, params: { ...(resolved.params ?? {}), ...answer } });
      for (const [k, v] of Object.entries(answer)) {
        if (api.bindings?.secretVars.includes(k)) redactor.add(v);
        vars[k] = v;
      }
    }
    for (const step of scenario.steps) {
      let request: ExchangeRequest;
      try {
        request = buildRequest(api, step, opts.baseUrl, vars, opts.headers ?? {});
      } catch (e) {
        if (e instanceof UnresolvedVariable) return finish({ outcome: 'error', errorKind: 'setup', reason: e.message });
        throw e;
      }
      redactor.harvest(request);
      const exchange = await send(request, { timeoutMs: opts.timeoutMs, maxBodyBytes: opts.maxBodyBytes, dispatcher: opts.dispatcher, signal: opts.signal });
      exchange.scenario = scenario.id;
      if (scenario.kind === 'negative' && scenario.rule && step === scenario.steps.at(-1)) exchange.rule = scenario.rule;
      if (expectsRefusal(step.expect)) exchange.expectsRefusal = true;
      const allowance = step.expect.anyOf?.find((o) => typeof o.status === 'string' && o.status.startsWith('4') && o.assumption)?.assumption;
      if (allowance) exchange.refusalAllowed = allowance;
      // Callers (--har) get the exchange masked; the checks below judge what was actually sent and received.
      const shown = redactor.exchange(exchange);
      opts.onExchange?.(shown);
      const stepResult: StepResult = { name: step.name, exchange: keepForReport(shown), failures: [], curl: curlCommand(request, redactor) };
      result.steps.push(stepResult);
      if (exchange.error) {
        return finish({ outcome: 'error', errorKind: 'transport', reason: `${exchange.error.message} (${request.method} ${redactor.url(request.url)})` });
      }
      const ctx = { api, scenario, step, exchange, vars };
      stepResult.failures = redactor.value(runChecks(ctx, opts.checks));
      for (const [name, pointer] of Object.entries(step.capture ?? {})) {
        const v = getAt(exchange.response?.body, pointer);
        // Nothing to capture (another outcome the sources allow): later uses stay unresolved and are reported.
        if (v !== undefined && v !== null) vars[name] = typeof v === 'string' ? v : JSON.stringify(v);
      }
      // A failed earlier step means the later ones test nothing meaningful; warnings let it go on.
      if (outcomeOf([stepResult]) === 'failed') return finish({ outcome: 'failed' });
    }
    return finish({ outcome: outcomeOf(result.steps) });
  } catch (e) {
    if (e instanceof StateError) return finish({ outcome: 'error', errorKind: 'setup', reason: e.message });
    throw e;
  } finally {
    for (const state of setUp.reverse()) await callState(opts.stateUrl!, state, 'teardown', stateOpts).catch(() => undefined);
  }
}

/**
 * Scenarios that share a provider-wide state (`locks`) never overlap: one's teardown must not
 * undo another's setup mid-run. Each lock is a promise chain.
 */
class Locks {
  private readonly tails = new Map<string, Promise<void>>();
  async hold<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    if (!keys.length) return fn();
    const sorted = [...new Set(keys)].sort();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const waits = sorted.map((k) => this.tails.get(k) ?? Promise.resolve());
    for (const k of sorted) this.tails.set(k, waits[sorted.indexOf(k)].then(() => mine));
    await Promise.all(waits);
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** Run scenarios against a target with bounded concurrency; never throws for target misbehaviour. */
export async function runScenarios(apis: LoadedApi[], scenarios: Scenario[], options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const opts: Resolved = { ...options, runId: options.runId ?? randomBytes(6).toString('hex'), timeoutMs: options.timeoutMs ?? 10_000, maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024, redactor: options.redactor ?? new Redactor(), guard: options.guard ?? createGuard() };
  opts.redactor.addHeaders(opts.headers ?? {});
  for (const a of apis) opts.redactor.addSecuritySchemes(a.model.securitySchemes);
  const byName = new Map(apis.map((a) => [a.name, a]));
  const results: ScenarioResult[] = new Array(scenarios.length);
  const locks = new Locks();
  let next = 0;
  let interrupted = false;
  const worker = async () => {
    while (next < scenarios.length) {
      if (opts.signal?.aborted) {
        interrupted = true;
        return;
      }
      const i = next++;
      const s = scenarios[i];
      const done = await locks.hold(s.locks ?? [], () => runScenario(byName.get(s.api)!, s, opts));
      const r = opts.keep ? opts.keep(done) : done;
      results[i] = r;
      opts.onResult?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 8, scenarios.length)) }, worker));
  const done = results.filter(Boolean);
  return {
    target: opts.redactor.url(opts.baseUrl.href),
    startedAt: new Date(started).toISOString(),
    results: done,
    interrupted: interrupted || opts.signal?.aborted || undefined,
    summary: summarize(done, Date.now() - started),
  };
}
