/**
 * Documentation coverage (`check --coverage`): which documented statuses, examples, error
 * identities, x-source rules and x-assumptions of each operation a run exercised, read from the
 * document and the run's exchanges (never from what the scenarios meant to do).
 */
import { isDeepStrictEqual } from 'node:util';
import type { LoadedApi } from '../validate/load.js';
import type { Unreachable } from '../openapi/bindings.js';
import type { OperationModel } from '../model/types.js';
import type { Scenario, ScenarioStep } from '../scenarios/types.js';
import type { CheckFailure } from '../checks/types.js';
import { errorIdentity } from '../checks/identity.js';
import { alternatives } from '../checks/outcome.js';
import { responseFor } from '../validate/validator.js';
import { subschemas, isObj, type Obj } from '../openapi/walk.js';
import { appendPointer, followRefs, pathToPointer, resolvePointer } from '../util/pointer.js';
import type { CoverageItem, CoverageReport, OperationCoverage, RuleCoverage, ScenarioResult, StepResult } from './types.js';
import { mergeCoverage } from './merge.js';

/** Where in an operation a rule sits: that decides which exchanges exercise it. */
type Place = { kind: 'operation' } | { kind: 'request' } | { kind: 'request-example'; value: unknown } | { kind: 'response'; status: string } | { kind: 'example'; status: string; name: string };

interface Rule {
  pointer: string;
  text: string;
  places: Place[];
}

/**
 * What coverage needs of one answered step of a run: the step (what it expected), the status, its
 * failures, and what its exchange showed. Only this is kept, not the exchange: a long run's results
 * may be slimmed (`ResultSpill`) once coverage has read them.
 */
interface RunStep {
  scenario: Scenario;
  step: ScenarioStep;
  status: number;
  failures: CheckFailure[];
  /** The documented error identities the answer carries (error statuses only). */
  identities: string[];
  /** The request examples (values of the document) the request body equals. */
  requestExamples: unknown[];
  /** The scenario's own (last) step. */
  last: boolean;
}

const addRule = (rules: Map<string, Rule>, pointer: string, text: string, place: Place) => {
  const r = rules.get(pointer) ?? { pointer, text, places: [] };
  r.places.push(place);
  rules.set(pointer, r);
};

/** Every x-source and x-assumption reachable from an operation, $refs followed, with where it sits. */
function rulesOf(doc: unknown, opPointer: string): { sources: Map<string, Rule>; assumptions: Map<string, Rule> } {
  const sources = new Map<string, Rule>();
  const assumptions = new Map<string, Rule>();
  const note = (node: unknown, pointer: string, place: Place) => {
    if (!isObj(node)) return;
    const s = node['x-source'];
    if (isObj(s) && typeof s.quote === 'string') addRule(sources, pointer, s.quote, place);
    if (typeof node['x-assumption'] === 'string') addRule(assumptions, pointer, (node['x-assumption'] as string).trim(), place);
  };
  const deref = (node: unknown, pointer: string) => {
    const r = followRefs(doc, node);
    return { node: r.node, pointer: r.pointer ?? pointer };
  };
  const schema = (node: unknown, pointer: string, place: Place, seen: Set<string>) => {
    // A $ref with sibling keywords (3.1): the siblings' provenance is the referring node's.
    if (isObj(node) && typeof node.$ref === 'string') note(node, pointer, place);
    const r = deref(node, pointer);
    if (seen.has(r.pointer)) return;
    seen.add(r.pointer);
    note(r.node, r.pointer, place);
    for (const sub of subschemas(r.node)) schema(sub.schema, appendPointer(r.pointer, ...sub.path), place, new Set(seen));
  };
  const media = (content: unknown, pointer: string, place: Place, example: (name: string, value: unknown) => Place) => {
    if (!isObj(content)) return;
    for (const [type, m] of Object.entries(content)) {
      if (!isObj(m)) continue;
      const mp = appendPointer(pointer, type);
      note(m, mp, place);
      if (m.schema !== undefined) schema(m.schema, appendPointer(mp, 'schema'), place, new Set());
      if (isObj(m.examples)) {
        for (const [name, ex] of Object.entries(m.examples)) {
          const e = deref(ex, appendPointer(mp, 'examples', name));
          note(e.node, e.pointer, example(name, isObj(e.node) ? e.node.value : undefined));
        }
      }
    }
  };
  const opNode = resolvePointer(doc, opPointer) as Obj;
  note(opNode, opPointer, { kind: 'operation' });
  const pathItem = resolvePointer(doc, opPointer.replace(/\/[^/]+$/, '')) as Obj | undefined;
  const params = [...(Array.isArray(pathItem?.parameters) ? pathItem.parameters : []), ...(Array.isArray(opNode.parameters) ? opNode.parameters : [])];
  params.forEach((p, i) => {
    const r = deref(p, appendPointer(opPointer, 'parameters', i));
    note(r.node, r.pointer, { kind: 'request' });
    if (isObj(r.node) && r.node.schema !== undefined) schema(r.node.schema, appendPointer(r.pointer, 'schema'), { kind: 'request' }, new Set());
    if (isObj(r.node)) media(r.node.content, appendPointer(r.pointer, 'content'), { kind: 'request' }, () => ({ kind: 'request' }));
  });
  if (opNode.requestBody !== undefined) {
    const rb = deref(opNode.requestBody, appendPointer(opPointer, 'requestBody'));
    note(rb.node, rb.pointer, { kind: 'request' });
    if (isObj(rb.node)) media(rb.node.content, appendPointer(rb.pointer, 'content'), { kind: 'request' }, (_, value) => ({ kind: 'request-example', value }));
  }
  if (isObj(opNode.responses)) {
    for (const [status, resp] of Object.entries(opNode.responses)) {
      const r = deref(resp, appendPointer(opPointer, 'responses', status));
      const place: Place = { kind: 'response', status: status.toUpperCase() };
      note(r.node, r.pointer, place);
      if (!isObj(r.node)) continue;
      if (isObj(r.node.headers)) {
        for (const [h, hv] of Object.entries(r.node.headers)) {
          const hr = deref(hv, appendPointer(r.pointer, 'headers', h));
          note(hr.node, hr.pointer, place);
          if (isObj(hr.node) && hr.node.schema !== undefined) schema(hr.node.schema, appendPointer(hr.pointer, 'schema'), place, new Set());
        }
      }
      media(r.node.content, appendPointer(r.pointer, 'content'), place, (name) => ({ kind: 'example', status: status.toUpperCase(), name }));
    }
  }
  return { sources, assumptions };
}

const operationPointer = (op: OperationModel) => pathToPointer(['paths', op.path, op.method]);

/** The response key (as in the document) a status falls under, if documented. */
const keyOf = (op: OperationModel, status: number) => responseFor(op, status)?.status.toUpperCase();

const parsed = (body: string | undefined): unknown => {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
};

/** Mismatches that bear on the scenario's expectation itself (status, identity, effect, rejection). */
const EXPECTATION_CHECKS = new Set(['status_code_conformance', 'documented_error_identity', 'body_matches', 'negative_rejection']);

const worst = (states: RuleCoverage['state'][]): RuleCoverage['state'] => (states.includes('failed') ? 'failed' : states.includes('warned') ? 'warned' : states.includes('passed') ? 'passed' : 'not-exercised');

const stateOf = (failures: CheckFailure[]): RuleCoverage['state'] => (failures.some((f) => f.severity !== 'warning') ? 'failed' : failures.length ? 'warned' : 'passed');

type Rules = ReturnType<typeof rulesOf>;

function operationCoverage(api: LoadedApi, op: OperationModel, rules: Rules, steps: RunStep[], unreachable: Unreachable[]): OperationCoverage {
  const mine = steps.filter((s) => s.step.request.operationId === op.operationId);
  const status = (s: RunStep) => s.status;
  const why = (k: keyof Unreachable, id: string) => unreachable.find((u) => u.operationId === op.operationId && u[k] === id)?.reason;
  const item = (id: string, reached: boolean, reason?: string): CoverageItem => (reached || !reason ? { id, reached } : { id, reached, unreachable: reason });

  const statuses = op.responses.map((r) => item(r.status, mine.some((s) => keyOf(op, status(s)) === r.status.toUpperCase()), why('status', r.status)));

  const exampleSteps = (st: string, name: string) => mine.filter((s) => alternatives(s.step.expect).some((o) => o.example === name) && keyOf(op, status(s)) === st.toUpperCase());
  const examples = op.responses.flatMap((r) => [...new Set(r.content.flatMap((m) => m.examples.map((e) => e.name)))].map((name) => item(`${r.status} ${name}`, exampleSteps(r.status, name).length > 0, why('example', name))));

  const identities = new Set<string>();
  for (const r of op.responses) if (Number(r.status) >= 400 || /^[45]XX$/i.test(r.status)) for (const m of r.content) for (const e of m.examples) for (const id of errorIdentity(e.value, api.bindings?.errorIdentity ?? [])) identities.add(id);
  for (const b of api.bindings?.scenarios ?? []) for (const s of [...(b.steps ?? []), b]) if ((s.operationId ?? b.operationId) === op.operationId) for (const o of alternatives(s.expect)) if (o.errorCode) identities.add(o.errorCode);
  const seenIds = new Set(mine.flatMap((s) => s.identities));
  const errorIdentities = [...identities].map((id) => item(id, seenIds.has(id), why('errorIdentity', id)));

  const { sources, assumptions } = rules;
  const judge = (rule: Rule, cites: (f: CheckFailure) => boolean): RuleCoverage => {
    const states: RuleCoverage['state'][] = [];
    for (const place of rule.places) {
      for (const s of mine) {
        const failures = s.failures;
        const citing = failures.filter(cites);
        const key = keyOf(op, status(s));
        if (place.kind === 'operation') states.push(stateOf(citing));
        else if (place.kind === 'response' && key === place.status) states.push(stateOf(citing));
        else if (place.kind === 'example' && key === place.status && alternatives(s.step.expect).some((o) => o.example === place.name)) states.push(stateOf([...citing, ...failures.filter((f) => EXPECTATION_CHECKS.has(f.check))]));
        else if (place.kind === 'request-example' && s.requestExamples.includes(place.value)) states.push(stateOf(citing));
        else if (place.kind === 'request' && s.scenario.kind !== 'example') {
          // A generated case breaking this rule: judged by whether the rule was enforced.
          if (s.last && (s.scenario.rule?.source === rule.text || citing.length)) states.push(stateOf([...citing, ...failures.filter((f) => EXPECTATION_CHECKS.has(f.check))]));
        } else if (place.kind === 'request' && status(s) < 300) states.push(stateOf(citing)); // a documented request that follows the rule, accepted
      }
    }
    const state = worst(states);
    const reason = why('rule', rule.pointer);
    return { id: rule.pointer, text: rule.text, reached: state !== 'not-exercised', state, ...(state === 'not-exercised' && reason ? { unreachable: reason } : {}) };
  };
  return {
    api: api.name,
    operationId: op.operationId,
    statuses,
    examples,
    errorIdentities,
    sourceRules: [...sources.values()].map((r) => judge(r, (f) => f.source === r.text)),
    assumptions: [...assumptions.values()].map((r) => judge(r, (f) => f.assumption?.trim() === r.text)),
  };
}

/**
 * Coverage gathered as a run goes: each result is read once as it finishes (`add`), keeping only
 * what coverage needs of each answered step, and `report` judges every operation of the APIs
 * loaded, whichever scenarios (or shard) ran. Results may be added in any order.
 */
export class CoverageCollector {
  private readonly byId: Map<string, Scenario>;
  private readonly byApi: Map<string, LoadedApi>;
  private readonly rules = new Map<OperationModel, Rules>();
  private readonly examples = new Map<OperationModel, unknown[]>();
  private readonly steps: RunStep[] = [];

  constructor(
    private readonly apis: LoadedApi[],
    scenarios: Scenario[],
  ) {
    this.byId = new Map(scenarios.map((s) => [s.id, s]));
    this.byApi = new Map(apis.map((a) => [a.name, a]));
  }

  private rulesFor(api: LoadedApi, op: OperationModel): Rules {
    let r = this.rules.get(op);
    if (!r) this.rules.set(op, (r = rulesOf(api.model.document, operationPointer(op))));
    return r;
  }

  /** The request examples the operation's rules sit on (the document's values, each once). */
  private requestExamplesOf(api: LoadedApi, op: OperationModel): unknown[] {
    let v = this.examples.get(op);
    if (!v) {
      const { sources, assumptions } = this.rulesFor(api, op);
      v = [...new Set([...sources.values(), ...assumptions.values()].flatMap((r) => r.places.flatMap((p) => (p.kind === 'request-example' ? [p.value] : []))))];
      this.examples.set(op, v);
    }
    return v;
  }

  add(result: ScenarioResult): void {
    const scenario = this.byId.get(result.id);
    const api = scenario && this.byApi.get(scenario.api);
    if (!scenario || !api) return;
    result.steps.forEach((outcome: StepResult, i) => {
      const step = scenario.steps[i];
      const res = outcome.exchange?.response;
      const op = step && api.operation(step.request.operationId);
      if (!step || !res || !op) return;
      const examples = this.requestExamplesOf(api, op);
      const body = examples.length ? parsed(outcome.exchange!.request.body) : undefined;
      this.steps.push({
        scenario,
        step,
        status: res.status,
        failures: outcome.failures,
        identities: res.status >= 400 ? errorIdentity(res.body, api.bindings?.errorIdentity ?? []) : [],
        requestExamples: examples.filter((v) => isDeepStrictEqual(body, v)),
        last: i === scenario.steps.length - 1,
      });
    });
  }

  report(): CoverageReport {
    const operations = this.apis.flatMap((api) =>
      api.model.operations.map((op) =>
        operationCoverage(
          api,
          op,
          this.rulesFor(api, op),
          this.steps.filter((s) => s.scenario.api === api.name),
          api.bindings?.coverage?.unreachable ?? [],
        ),
      ),
    );
    // The totals are computed once, in one place.
    return mergeCoverage([{ operations, totals: undefined as unknown as CoverageReport['totals'] }]);
  }
}

/** Coverage of a run: every operation of the APIs loaded, whichever scenarios (or shard) ran. */
export function coverageOf(apis: LoadedApi[], scenarios: Scenario[], results: ScenarioResult[]): CoverageReport {
  const c = new CoverageCollector(apis, scenarios);
  for (const r of results) c.add(r);
  return c.report();
}
