/** Planning Pact interactions from scenarios: requests, states, earlier requests and matchers. */
import type { LoadedApi } from '../validate/load.js';
import type { OperationModel, JsonSchema } from '../model/types.js';
import type { Scenario, ScenarioStep } from '../scenarios/types.js';
import { exactStatus, type StateRef } from '../openapi/bindings.js';
import { isSecretName } from '../redact/names.js';
import { bodyMatchers, CONTAINS, synthesize } from './matchers.js';
import { expressionDeep, resolveDeep, resolveString, type ValueSources } from './placeholders.js';
import { stateValueExample } from './examples.js';
import { errorIdentity } from '../checks/identity.js';
import { pointerToPath } from '../util/pointer.js';
import { isJsonMedia } from '../util/media.js';
import { encodeKeeping, pathOnly } from '../util/url.js';
import { literalsOf } from '../validate/params.js';

/**
 * The credential every contract request carries (the one `check` gives the reference provider).
 * A real target gets its own with `specgate verify --header "Authorization: Bearer ..."`, which
 * replaces exactly this value and leaves the missing- and invalid-credential interactions alone.
 */
export const CONTRACT_CREDENTIAL = 'Bearer specgate-reference-token';

/**
 * Pact replays each interaction on its own, after its provider states. A multi-step scenario's
 * last request only means something after the earlier ones, so it gets this extra state, whose
 * params are the earlier requests (with `${Name}` state expressions): `specgate verify` makes
 * them itself; any other verifier's state handler can replay them the same way.
 */
export const EARLIER_REQUESTS_STATE = 'the earlier requests of this interaction were made';

export interface EarlierRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
  status: number;
}

/** One Pact interaction, as plain data plus pact-js matchers (no pact-js builder yet). */
export interface InteractionPlan {
  api: string;
  operationId: string;
  scenarioId: string;
  description: string;
  states: { name: string; params?: Record<string, unknown> }[];
  method: string;
  /** A string, or a `fromProviderState` matcher. */
  path: unknown;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body?: unknown;
  status: number;
  /** Negative cases: any 4xx conforms (as `check` judges them). */
  anyClientError?: boolean;
  responseBody?: unknown;
  /** Required-but-nullable response properties the contract leaves out (see matchers.ts). */
  dropped: string[];
}

type Obj = Record<string, unknown>;

function jsonMedia(op: OperationModel, status: number) {
  const r = op.responses.find((x) => x.status === String(status));
  return r?.content.find((m) => isJsonMedia(m.contentType)) ?? r?.content[0];
}

/** An identity pointer (a `*` token for array items) and an id → `{errors: {[CONTAINS]: {code: id}}}`: the identity as a body overlay. */
function identityOverlay(pointer: string, id: string): Obj {
  return pointerToPath(pointer).reduceRight<unknown>((inner, key) => (key === '*' ? { [CONTAINS]: inner } : { [key]: inner }), id) as Obj;
}

/**
 * The exact part of a response: the documented error identity (at the API's errorIdentity
 * pointers) and `bodyMatches`, except the parts only an assumption backs (`assumed`).
 */
function overlayFor(api: LoadedApi, step: ScenarioStep, example: unknown, negative: boolean): Obj | undefined {
  let overlay: Obj | undefined;
  const pointers = api.bindings?.errorIdentity ?? [];
  const assumed = step.expect.assumed ?? [];
  const id = negative || assumed.includes('errorCode') ? undefined : (step.expect.errorCode ?? errorIdentity(example, pointers)[0]);
  if (id && step.expect.status! >= 400 && pointers.length) {
    const pointer = pointers.find((p) => errorIdentity(example, [p]).length) ?? pointers[0];
    overlay = identityOverlay(pointer, id);
  }
  if (step.expect.bodyMatches !== undefined && !assumed.includes('bodyMatches')) overlay = merge(overlay ?? {}, step.expect.bodyMatches) as Obj;
  return overlay;
}

function merge(a: unknown, b: unknown): unknown {
  if (!a || typeof a !== 'object' || Array.isArray(a) || !b || typeof b !== 'object' || Array.isArray(b)) return b;
  const out: Obj = { ...(a as Obj) };
  for (const [k, v] of Object.entries(b as Obj)) out[k] = merge(out[k], v);
  return out;
}

function pathTemplate(op: OperationModel, path: Record<string, string>): string {
  const literals = literalsOf(op.parameters, 'path');
  return pathOnly(op.path).replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = path[name] ?? `{{${name}}}`;
    // Literal values are URL-encoded as the runner sends them; placeholders stay readable.
    return v.includes('{{') ? v : encodeKeeping(v, literals[name]);
  });
}

function requestHeaders(step: ScenarioStep): Record<string, string> {
  const t = step.request;
  const headers: Record<string, string> = {};
  if (!t.omitAuth) headers.Authorization = CONTRACT_CREDENTIAL;
  for (const [k, v] of Object.entries(t.headers)) {
    // A scenario's own credential replaces the default one (header names are case-insensitive).
    if (isSecretName(k)) for (const h of Object.keys(headers)) if (h.toLowerCase() === k.toLowerCase()) delete headers[h];
    headers[k] = v;
  }
  if (t.body !== undefined) headers['Content-Type'] = 'application/json';
  return headers;
}

/**
 * `{{runId}}` in a contract: a committed contract is the same for every verification, so it
 * carries this constant (the keys built with it also hold a state's fresh value where one exists).
 */
export const CONTRACT_RUN_ID = 'pact';

function sources(api: LoadedApi, scenario: Scenario, states: StateRef[]): ValueSources {
  return { fixed: { runId: CONTRACT_RUN_ID, ...(api.bindings?.vars ?? {}) }, defaults: scenario.defaults ?? {}, fromStates: states.length > 0, example: (n) => stateValueExample(api, n) };
}

function planStep(api: LoadedApi, scenario: Scenario, step: ScenarioStep, description: string, states: InteractionPlan['states'], src: ValueSources): InteractionPlan {
  const op = api.operation(step.request.operationId)!;
  const negative = scenario.kind === 'negative';
  const plan: InteractionPlan = {
    api: api.name,
    operationId: op.operationId,
    scenarioId: scenario.id,
    description,
    states,
    method: op.method.toUpperCase(),
    path: resolveString(pathTemplate(op, step.request.path), src),
    query: resolveDeep(step.request.query, src) as Obj,
    headers: resolveDeep(requestHeaders(step), src) as Obj,
    body: step.request.body === undefined ? undefined : resolveDeep(step.request.body, src),
    status: step.expect.status!,
    anyClientError: negative || undefined,
    dropped: [],
  };
  const media = jsonMedia(op, step.expect.status!);
  if (media?.schema !== undefined) {
    const named = step.expect.example ? media.examples.find((e) => e.name === step.expect.example)?.value : undefined;
    // A negative case has no example of its own: show the documented one that names its field, if any.
    const field = scenario.rule?.pointer.split('/').pop();
    const related = negative && field ? media.examples.find((e) => JSON.stringify(e.value).includes(field)) : undefined;
    const template = named ?? related?.value ?? media.examples[0]?.value ?? synthesize(media.schema, media.schema);
    plan.responseBody = bodyMatchers(media.schema as JsonSchema, media.schema, template, overlayFor(api, step, named, negative), { src, dropped: plan.dropped });
  }
  return plan;
}

/** The description of the interaction that replays step `i` of a scenario: the scenario's name for its last step. */
export function interactionDescription(scenario: Scenario, i: number): string {
  if (i === scenario.steps.length - 1) return scenario.name;
  const step = scenario.steps[i];
  const named = step.name !== `step ${i + 1}` ? `: ${step.name}` : '';
  return `${scenario.name} (step ${i + 1}${named})`;
}

/** The interactions of one scenario: one per step (the last one under the earlier-requests state). */
export function planScenario(api: LoadedApi, scenario: Scenario): InteractionPlan[] {
  const states = scenario.states.map((s) => ({ name: s.name, ...(s.params && Object.keys(s.params).length ? { params: s.params } : {}) }));
  const src = sources(api, scenario, scenario.states);
  const plans: InteractionPlan[] = [];
  const earlier: EarlierRequest[] = [];
  scenario.steps.forEach((step, i) => {
    const last = i === scenario.steps.length - 1;
    const description = interactionDescription(scenario, i);
    const stepStates = last && earlier.length ? [...states, { name: EARLIER_REQUESTS_STATE, params: { requests: earlier.slice() } }] : states;
    plans.push(planStep(api, scenario, step, description, stepStates, src));
    const op = api.operation(step.request.operationId)!;
    earlier.push({
      method: op.method.toUpperCase(),
      path: expressionDeep(pathTemplate(op, step.request.path), src) as string,
      headers: expressionDeep(requestHeaders(step), src) as Record<string, string>,
      ...(step.request.body === undefined ? {} : { body: expressionDeep(step.request.body, src) }),
      status: step.expect.status!,
    });
  });
  return plans;
}

/**
 * The negative cases worth sharing with consumers: a required top-level field left out, and a
 * top-level string one character over its limit. The other generated cases (wrong types, every
 * nested limit) stay in `check`: a contract of a hundred rejections would drown the examples.
 * A rule only an assumption backs (Mangopay's LegalPersonType required) is no contract: the
 * sources allow accepting that request.
 */
export function sharedNegative(s: Scenario): boolean {
  if (s.kind !== 'negative' || !s.rule || s.skip || s.rule.assumption) return false;
  const topLevel = s.rule.pointer.split('/').length === 2;
  return topLevel && ((s.rule.keyword === 'required' && s.rule.description.endsWith('(required)')) || s.rule.keyword === 'maxLength');
}

/** Every interaction of an API's contract: the documented scenarios, then the shared negative ones. */
export function planContract(api: LoadedApi, scenarios: Scenario[]): InteractionPlan[] {
  // A step whose outcome the sources leave open (anyOf, notSuccess) has no one answer to pin: left out.
  const chosen = scenarios.filter((s) => !s.skip && s.steps.length > 0 && (s.kind === 'example' || sharedNegative(s)) && s.steps.every((st) => exactStatus(st.expect) !== undefined));
  const plans = chosen.flatMap((s) => planScenario(api, s));
  const seen = new Set<string>();
  for (const p of plans) {
    if (seen.has(p.description)) throw new Error(`two interactions of ${api.name} are both described '${p.description}': scenario names must be unique`);
    seen.add(p.description);
  }
  return plans.sort((a, b) => (a.description < b.description ? -1 : a.description > b.description ? 1 : 0));
}
