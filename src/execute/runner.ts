import type { Dispatcher } from 'undici';
import type { LoadedApi } from '../validate/load.js';
import type { Scenario, ScenarioStep } from '../scenarios/types.js';
import { substitute, UnresolvedVariable } from '../scenarios/substitute.js';
import type { RunResult, ScenarioResult, StepResult } from '../checks/types.js';
import { runChecks } from '../checks/registry.js';
import { send } from './http.js';
import { callState, StateError } from './state.js';
import { CREDENTIAL_HEADERS, Redactor } from './redact.js';
import { curlCommand } from './curl.js';
import { destructiveRefusal } from './guard.js';
import type { Exchange, ExchangeRequest } from './types.js';

export interface RunOptions {
  baseUrl: URL;
  stateUrl?: string;
  vars?: Record<string, string>;
  /** Applied to every request except those that test missing credentials. */
  headers?: Record<string, string>;
  concurrency?: number;
  timeoutMs?: number;
  maxBodyBytes?: number;
  allowDestructive?: boolean;
  dispatcher?: Dispatcher;
  redactor?: Redactor;
  /** Called as each scenario finishes (progress output). */
  onResult?: (r: ScenarioResult) => void;
  /** Every exchange made, in order (for --har). */
  onExchange?: (e: Exchange) => void;
  signal?: AbortSignal;
}

function urlFor(base: URL, pathTemplate: string, path: Record<string, string>, query: Record<string, string>): string {
  const p = pathTemplate.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(path[name] ?? ''));
  const u = new URL(base.href.replace(/\/+$/, '') + p);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return u.href;
}

function buildRequest(api: LoadedApi, step: ScenarioStep, base: URL, vars: Record<string, string>, defaults: Record<string, string>): ExchangeRequest {
  const t = substitute(step.request, vars);
  const op = api.operation(t.operationId)!;
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [k, v] of Object.entries(defaults)) {
    if (t.omitAuth && CREDENTIAL_HEADERS.test(k)) continue;
    headers[k.toLowerCase()] = v;
  }
  if (t.omitAuth) for (const k of Object.keys(headers)) if (CREDENTIAL_HEADERS.test(k)) delete headers[k];
  for (const [k, v] of Object.entries(t.headers)) headers[k.toLowerCase()] = v;
  let body: string | undefined;
  if (t.body !== undefined) {
    body = typeof t.body === 'string' ? t.body : JSON.stringify(t.body);
    headers['content-type'] ??= 'application/json';
  }
  return { method: op.method.toUpperCase(), url: urlFor(base, op.path, t.path, t.query), headers, body };
}

async function runScenario(api: LoadedApi, scenario: Scenario, opts: Required<Pick<RunOptions, 'timeoutMs' | 'maxBodyBytes'>> & RunOptions, redactor: Redactor): Promise<ScenarioResult> {
  const started = Date.now();
  const result: ScenarioResult = { id: scenario.id, name: scenario.name, api: scenario.api, operationId: scenario.operationId, kind: scenario.kind, outcome: 'passed', steps: [], durationMs: 0 };
  const finish = (r: ScenarioResult) => ({ ...r, durationMs: Date.now() - started });
  if (scenario.skip) return finish({ ...result, outcome: 'skipped', reason: scenario.skip });
  if (scenario.destructive) {
    const refusal = destructiveRefusal(opts.baseUrl, api.model, opts.allowDestructive ?? false);
    if (refusal) return finish({ ...result, outcome: 'error', errorKind: 'guard', reason: refusal });
  }
  const vars: Record<string, string> = { ...(scenario.defaults ?? {}), ...(api.bindings?.vars ?? {}), ...(opts.vars ?? {}) };
  // Teardown gets the setup's params plus its answer, so the provider knows exactly what to remove.
  const setUp: { name: string; params: Record<string, unknown> }[] = [];
  const stateOpts = { timeoutMs: opts.timeoutMs, dispatcher: opts.dispatcher };
  try {
    for (const state of scenario.states) {
      if (!opts.stateUrl) return finish({ ...result, outcome: 'error', errorKind: 'setup', reason: `needs provider state '${state.name}' but no --state-url was given` });
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
        if (e instanceof UnresolvedVariable) return finish({ ...result, outcome: 'error', errorKind: 'setup', reason: e.message });
        throw e;
      }
      const exchange = await send(request, { timeoutMs: opts.timeoutMs, maxBodyBytes: opts.maxBodyBytes, dispatcher: opts.dispatcher });
      exchange.scenario = scenario.id;
      opts.onExchange?.(exchange);
      const stepResult: StepResult = { name: step.name, exchange, failures: [], curl: curlCommand(request, redactor) };
      result.steps.push(stepResult);
      if (exchange.error) {
        return finish({ ...result, outcome: 'error', errorKind: 'transport', reason: `${exchange.error.message} (${request.method} ${redactor.text(request.url)})` });
      }
      stepResult.failures = runChecks({ api, scenario, step, exchange, vars });
      // A failed earlier step means the later ones test nothing meaningful.
      if (stepResult.failures.length) return finish({ ...result, outcome: 'failed' });
    }
    return finish(result);
  } catch (e) {
    if (e instanceof StateError) return finish({ ...result, outcome: 'error', errorKind: 'setup', reason: e.message });
    throw e;
  } finally {
    for (const state of setUp.reverse()) await callState(opts.stateUrl!, state, 'teardown', stateOpts).catch(() => undefined);
  }
}

/** Run scenarios against a target with bounded concurrency; never throws for target misbehaviour. */
export async function runScenarios(apis: LoadedApi[], scenarios: Scenario[], options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const opts = { timeoutMs: 10_000, maxBodyBytes: 10 * 1024 * 1024, ...options };
  const redactor = options.redactor ?? new Redactor();
  redactor.addHeaders(opts.headers ?? {});
  const byName = new Map(apis.map((a) => [a.name, a]));
  const results: ScenarioResult[] = new Array(scenarios.length);
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
      const r = await runScenario(byName.get(s.api)!, s, opts, redactor);
      results[i] = r;
      opts.onResult?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 8, scenarios.length)) }, worker));
  const done = results.filter(Boolean);
  return {
    target: redactor.text(opts.baseUrl.href),
    startedAt: new Date(started).toISOString(),
    results: done,
    interrupted: interrupted || undefined,
    summary: {
      total: done.length,
      passed: done.filter((r) => r.outcome === 'passed').length,
      failed: done.filter((r) => r.outcome === 'failed').length,
      errors: done.filter((r) => r.outcome === 'error').length,
      skipped: done.filter((r) => r.outcome === 'skipped').length,
      durationMs: Date.now() - started,
    },
  };
}
