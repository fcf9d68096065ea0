import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { summarize } from '../run/summary.js';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckFailure } from '../checks/types.js';
import type { RunResult, ScenarioResult } from '../run/types.js';
import { Redactor } from '../execute/redact.js';
import { createGuard, type DestructiveGuard, type Lookup } from '../execute/guard.js';
import { slug } from '../scenarios/slug.js';
import { loadApi, type LoadedApi } from '../validate/load.js';
import { bundledApiNames } from '../openapi/registry.js';
import { contractsDir } from '../openapi/paths.js';
import { runPact } from './binary.js';
import { interactionsOf, isNegative, operationFor, readContracts, withHeaders, type ContractFile } from './contracts.js';
import { probe } from './probe.js';
import { startStateProxy, type StateProxy } from './state-proxy.js';

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

interface Target {
  host: string;
  port: string;
  basePath: string;
  transport: string;
}

function targetOf(url: URL): Target {
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port || (url.protocol === 'https:' ? '443' : '80'),
    basePath: url.pathname.replace(/\/+$/, ''),
    transport: url.protocol.replace(':', ''),
  };
}

type Opts = Required<Pick<VerifyOptions, 'timeoutMs'>> & VerifyOptions;

/** Every interaction of a contract as a result to fill in; those the destructive guard refuses are errors already. */
async function prepare(c: ContractFile, api: LoadedApi, opts: Opts, guard: DestructiveGuard): Promise<{ results: Map<string, ScenarioResult>; kept: Json[] }> {
  const results = new Map<string, ScenarioResult>();
  const kept: Json[] = [];
  for (const i of interactionsOf(c.pact)) {
    const description = String(i.description);
    const op = operationFor(api, i);
    const r: ScenarioResult = { id: `${c.api}.${op?.operationId ?? 'unknown'}.${slug(description)}`, name: description, api: c.api, operationId: op?.operationId ?? 'unknown', kind: isNegative(i) ? 'negative' : 'example', outcome: 'passed', steps: [{ name: description, failures: [] }], durationMs: 0 };
    // Destructive operations are never sent where `check` would not send them.
    const refusal = op?.destructive ? await guard.refusal(opts.baseUrl, api.model, opts.allowDestructive ?? false) : undefined;
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
}

/** One `pact verifier` process over some interactions of one contract, with its own state proxy. */
async function runJob({ c, api, interactions, results }: Job, opts: Opts, redactor: Redactor): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), `specgate-verify-${c.api}-`));
  let proxy: StateProxy | undefined;
  try {
    const pactFile = join(work, `${c.api}.json`);
    // The copy may hold the user's credentials: readable by the owner only, removed below.
    writeFileSync(pactFile, JSON.stringify(withHeaders({ ...c.pact, interactions }, opts.headers ?? {})), { mode: 0o600 });
    proxy = await startStateProxy({ baseUrl: opts.baseUrl, stateUrl: opts.stateUrl, timeoutMs: opts.timeoutMs, secretVars: new Set(api.bindings?.secretVars ?? []), redactor });
    const t = targetOf(opts.baseUrl);
    const report = join(work, 'report.json');
    const args = ['verifier', '-f', pactFile, '-h', t.host, '-p', t.port, '--transport', t.transport, '-n', c.api, '-s', proxy.url, '--state-change-teardown', '--request-timeout', String(opts.timeoutMs), '-j', report, '--no-colour', '--loglevel', 'error'];
    if (t.basePath) args.push('--base-path', t.basePath);
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
        Object.assign(r, { outcome: 'error', errorKind: 'setup', reason: why ?? message });
      } else {
        Object.assign(r, { outcome: 'error', errorKind: 'transport', reason: message });
      }
    }
  } finally {
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
function jobsFor(prepared: { c: ContractFile; api: LoadedApi; kept: Json[]; results: Map<string, ScenarioResult> }[]): Job[] {
  const workers = Math.max(1, Math.min(availableParallelism(), 8));
  const total = prepared.reduce((n, p) => n + p.kept.length, 0);
  const size = Math.max(4, Math.ceil(total / workers));
  const jobs: Job[] = [];
  for (const p of prepared) {
    const n = Math.ceil(p.kept.length / size);
    for (let k = 0; k < n; k++) {
      const interactions = p.kept.filter((_, i) => i % n === k);
      jobs.push({ c: p.c, api: p.api, interactions, results: p.results });
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
  const opts = { timeoutMs: 10_000, ...options };
  const redactor = options.redactor ?? new Redactor();
  redactor.addHeaders(opts.headers ?? {});

  let contracts: ContractFile[];
  try {
    contracts = readContracts(opts.contractsDir ?? contractsDir(), opts.apis);
  } catch (e) {
    throw new VerifySetupError((e as Error).message);
  }
  const known = bundledApiNames();
  for (const c of contracts) if (!known.includes(c.api)) throw new VerifySetupError(`contract ${c.file} is for '${c.api}', which is not a bundled API (${known.join(', ')})`);

  const down = await probe(opts.baseUrl);
  if (down) throw new VerifySetupError(`target ${redactor.text(opts.baseUrl.origin)} unreachable: ${down}`);
  if (opts.stateUrl) {
    const stateDown = await probe(new URL(opts.stateUrl));
    if (stateDown) throw new VerifySetupError(`state endpoint ${redactor.text(opts.stateUrl)} unreachable: ${stateDown}`);
  }

  const apis = await Promise.all(contracts.map((c) => loadApi(c.api)));
  const guard = createGuard({ lookup: opts.lookup });
  const prepared = await Promise.all(contracts.map(async (c, i) => ({ c, api: apis[i], ...(await prepare(c, apis[i], opts, guard)) })));
  await runPool(jobsFor(prepared), opts, redactor);
  // In contract order (interactions sorted by description), whatever order the jobs ended in.
  const results = prepared.flatMap((p) => [...p.results.values()]);
  return {
    target: redactor.text(opts.baseUrl.href),
    startedAt: new Date(started).toISOString(),
    results,
    summary: summarize(results, Date.now() - started),
  };
}
