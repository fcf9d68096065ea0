/** Scenario bindings (`specs/<api>/specgate.yaml`): every per-API fact specgate adds to a document: scenarios, states, safety, capture. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readSource, type SourceFile } from './source.js';
import { SpecError } from './errors.js';

export interface StateRef {
  name: string;
  params?: Record<string, unknown>;
}

export interface RequestOverrides {
  path?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  bodyPatch?: Record<string, unknown>;
  omitAuth?: boolean;
}

/** A part of an expected outcome that a scenario checks. */
export type OutcomePart = 'status' | 'errorCode' | 'bodyMatches';

/**
 * One outcome a step may have. Every part is backed by the source sentences of the response it
 * names, except those listed in `assumed`: only an assumption backs them (`assumption`, or the
 * x-assumption of the named example), so a mismatch there is a warning.
 */
export interface ExpectedOutcome {
  /** A status code, or a class of them ('4XX') in an `anyOf` alternative. */
  status?: number | string;
  /**
   * The step must not succeed: a status outside 2XX, or a 2XX whose body does not show the API's
   * success (`success.bodyMatches` of specgate.yaml, e.g. a posting code other than 00 in a 200).
   */
  notSuccess?: boolean;
  /** Name of a documented example under that status. */
  example?: string;
  /** Error identity to require when no example carries one (e.g. Qonto 404 `not_found`). */
  errorCode?: string;
  /** A partial body the response must contain (deep subset). */
  bodyMatches?: unknown;
  /** Parts only an assumption backs: a mismatch there is a warning (a failure with --strict). */
  assumed?: OutcomePart[];
  /** The assumption's text (default: the x-assumption of `example`). */
  assumption?: string;
}

/**
 * What a step expects: one outcome, or `anyOf` several that the sources all allow. The first
 * alternative is the reading the spec assumes; an answer that matches only a later one passes
 * with a warning that names that alternative's own assumption, else the first's. An answer matching none fails.
 */
export interface Expectation extends ExpectedOutcome {
  /** The single expected status; absent for `notSuccess` and for `anyOf` whose first alternative has no exact status. */
  status?: number;
  anyOf?: ExpectedOutcome[];
}

export interface StepBinding {
  name?: string;
  operationId?: string;
  request?: RequestOverrides;
  expect: Expectation;
  /** Variables taken from this step's response body, by JSON pointer, for later steps (`{{Name}}`). */
  capture?: Record<string, string>;
}

export interface ScenarioBinding {
  name: string;
  operationId: string;
  /** One provider state, or several set up in order (Pact allows many). */
  state?: StateRef | StateRef[];
  request?: RequestOverrides;
  expect: Expectation;
  steps?: StepBinding[];
}

/** The one status a step must answer, when its expectation fixes one (not `anyOf`, not `notSuccess`). */
export const exactStatus = (e: Expectation): number | undefined => (e.anyOf || e.notSuccess ? undefined : e.status);

/** Why an `expect` is not well formed, or undefined. Normalises it: a sole exact status of `anyOf[0]` becomes `status`. */
export function expectationProblem(e: unknown): string | undefined {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return 'expect must be a mapping';
  const x = e as Expectation;
  const outcome = (o: ExpectedOutcome, range: boolean): string | undefined => {
    if (!o || typeof o !== 'object') return 'an outcome must be a mapping';
    if (o.notSuccess !== undefined && o.notSuccess !== true) return 'notSuccess must be true';
    const okStatus = typeof o.status === 'number' ? Number.isInteger(o.status) : range && typeof o.status === 'string' && /^[1-5]XX$/.test(o.status);
    if (o.status !== undefined && !okStatus) return range ? "status must be a status code (a number) or a class ('4XX')" : 'expect.status must be a status code (a number)';
    if (o.status === undefined && !o.notSuccess) return 'an outcome needs a status or notSuccess: true';
    for (const part of o.assumed ?? []) if (!['status', 'errorCode', 'bodyMatches'].includes(part)) return `assumed names '${String(part)}' (parts: status, errorCode, bodyMatches)`;
    return undefined;
  };
  if (x.anyOf !== undefined) {
    if (!Array.isArray(x.anyOf) || !x.anyOf.length) return 'anyOf must be a non-empty list of outcomes';
    for (const o of x.anyOf) {
      const p = outcome(o, true);
      if (p) return `anyOf: ${p}`;
    }
    if (x.status === undefined && typeof x.anyOf[0].status === 'number') x.status = x.anyOf[0].status;
    return undefined;
  }
  return outcome(x, false);
}

/**
 * A provider state the API's scenarios may use (`states:` of specgate.yaml): the one list that
 * lint, the reference provider and the README's table are checked against. More keys may be
 * added to an entry (`scope` is one); the names of DESIGN.md's states are interface.
 */
export interface StateDecl {
  name: string;
  /** Params the setup reads. */
  params: string[];
  /** Names of the values the setup's answer holds. */
  returns: string[];
  /**
   * `entity` (the default): every setup makes its own entity (a new user, a new account), so
   * scenarios using it can run at once. `global`: the state changes the provider for everyone (a
   * blocked country, a rejected name), so scenarios that set it up never overlap: one's teardown
   * would undo it under another.
   */
  scope: 'entity' | 'global';
  [key: string]: unknown;
}

/**
 * A documented item no scenario can reach, and why (`coverage.unreachable` of specgate.yaml): it
 * is listed in the coverage report with the reason and left out of the ratio. One of status,
 * example, errorIdentity or rule (the JSON pointer of the node holding the x-source).
 */
export interface Unreachable {
  operationId: string;
  status?: string;
  example?: string;
  errorIdentity?: string;
  rule?: string;
  reason: string;
}

/** What specgate adds to an API's OpenAPI document (`specs/<api>/specgate.yaml`). */
export interface Bindings {
  api: string;
  spec: string;
  /** The document is a vendor's own, captured verbatim from this source page (a path relative to specgate.yaml): never edited. */
  verbatim?: { seed: string };
  /** The document is specgate's reconstruction from the pages in sources/ (lint's `reconstructed` profile). */
  reconstructed?: boolean;
  states: StateDecl[];
  destructive: string[];
  productionServers: string[];
  vars: Record<string, string>;
  secretVars: string[];
  scenarios: ScenarioBinding[];
  coverage?: { unreachable: Unreachable[] };
  /**
   * Where a documented error says which error it is, as JSON pointers into the body, a `*`
   * token standing for every array item (`/Type`; `/errors`, `*`, `code`). Messages, ids and
   * dates may differ freely.
   */
  errorIdentity: string[];
  /** What a 2XX must show to be a success (`notSuccess` expectations): a deep subset of its body. */
  success?: { bodyMatches: unknown };
  /** Where each scenario was written, for lint messages. */
  source?: SourceFile;
}

const isNameList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The `states:` list read leniently: the entries that are well formed, and what is wrong with the others (index, key, reason). */
export function readStates(raw: unknown): { states: StateDecl[]; problems: { index?: number; key?: string; message: string }[] } {
  const states: StateDecl[] = [];
  const problems: { index?: number; key?: string; message: string }[] = [];
  if (raw === undefined || raw === null) return { states, problems };
  if (!Array.isArray(raw)) return { states, problems: [{ message: 'states must be a list of {name, params, returns}' }] };
  raw.forEach((s, index) => {
    if (!s || typeof s !== 'object' || Array.isArray(s) || typeof (s as { name?: unknown }).name !== 'string') {
      problems.push({ index, message: 'a state must be a mapping with a name (and params, returns: lists of names)' });
      return;
    }
    const e = s as Record<string, unknown>;
    for (const key of ['params', 'returns']) if (e[key] !== undefined && !isNameList(e[key])) problems.push({ index, key, message: `${key} must be a list of names` });
    const scope = e.scope ?? 'entity';
    if (scope !== 'entity' && scope !== 'global') problems.push({ index, key: 'scope', message: `state '${String(e.name)}': scope must be 'entity' or 'global', got ${JSON.stringify(scope)}` });
    states.push({ ...e, name: e.name as string, params: isNameList(e.params) ? e.params : [], returns: isNameList(e.returns) ? e.returns : [], scope: scope === 'global' ? 'global' : 'entity' });
  });
  return { states, problems };
}

function readUnreachable(src: SourceFile, raw: unknown): Unreachable[] {
  if (raw === undefined || raw === null) return [];
  const fail = (pointer: string, message: string) => {
    const at = src.locate(pointer);
    return new SpecError(src.file, at.line, at.column, message);
  };
  if (!Array.isArray(raw)) throw fail('/coverage/unreachable', 'coverage.unreachable must be a list of {operationId, status|example|errorIdentity|rule, reason}');
  raw.forEach((u, i) => {
    const e = u as Record<string, unknown>;
    const kinds = ['status', 'example', 'errorIdentity', 'rule'].filter((k) => typeof e?.[k] === 'string');
    if (!e || typeof e.operationId !== 'string' || typeof e.reason !== 'string' || !e.reason.trim() || kinds.length !== 1) {
      throw fail(`/coverage/unreachable/${i}`, 'an unreachable item needs operationId, a reason, and exactly one of status, example, errorIdentity, rule');
    }
  });
  return raw as Unreachable[];
}

export function bindingsFileFor(specFile: string): string | undefined {
  const f = join(dirname(specFile), 'specgate.yaml');
  return existsSync(f) ? f : undefined;
}

export function loadBindings(file: string): Bindings {
  const src = readSource(file);
  const raw = src.data as Partial<Bindings> | null;
  if (!raw || typeof raw !== 'object') throw new SpecError(file, 1, 1, 'bindings must be a mapping');
  if (typeof raw.api !== 'string') throw new SpecError(file, 1, 1, "bindings need an 'api' name");
  const scenarios = raw.scenarios ?? [];
  scenarios.forEach((s, i) => {
    if (!s || typeof s.name !== 'string' || typeof s.operationId !== 'string' || !s.expect) {
      const at = src.locate(`/scenarios/${i}`);
      throw new SpecError(file, at.line, at.column, 'a scenario needs name, operationId and expect (a status, notSuccess or anyOf)');
    }
    for (const [at, e] of [[`/scenarios/${i}/expect`, s.expect], ...(s.steps ?? []).map((st, j) => [`/scenarios/${i}/steps/${j}/expect`, st?.expect] as const)] as const) {
      const problem = expectationProblem(e);
      if (problem) {
        const loc = src.locate(at);
        throw new SpecError(file, loc.line, loc.column, problem);
      }
    }
  });
  const { states, problems } = readStates((raw as { states?: unknown }).states);
  if (problems.length) {
    const p = problems[0];
    const at = src.locate(['/states', p.index, p.key].filter((k) => k !== undefined).join('/'));
    throw new SpecError(file, at.line, at.column, p.message);
  }
  const seed = (raw.verbatim as { seed?: unknown } | undefined)?.seed;
  return {
    api: raw.api,
    spec: raw.spec ?? 'openapi.yaml',
    verbatim: typeof seed === 'string' ? { seed } : undefined,
    reconstructed: (raw as { reconstructed?: unknown }).reconstructed === true,
    states,
    destructive: raw.destructive ?? [],
    productionServers: raw.productionServers ?? [],
    vars: Object.fromEntries(Object.entries(raw.vars ?? {}).map(([k, v]) => [k, String(v)])),
    secretVars: raw.secretVars ?? [],
    scenarios,
    coverage: { unreachable: readUnreachable(src, (raw as { coverage?: { unreachable?: unknown } }).coverage?.unreachable) },
    errorIdentity: isNameList((raw as { errorIdentity?: unknown }).errorIdentity) ? (raw as { errorIdentity: string[] }).errorIdentity : [],
    success: (raw as { success?: { bodyMatches?: unknown } }).success?.bodyMatches !== undefined ? { bodyMatches: (raw as { success: { bodyMatches: unknown } }).success.bodyMatches } : undefined,
    source: src,
  };
}
