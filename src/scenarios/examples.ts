import type { LoadedApi } from '../validate/load.js';
import type { OperationModel } from '../model/types.js';
import type { ScenarioBinding } from '../openapi/bindings.js';
import { planRequest } from './requests.js';
import { leaveOutCredentials } from './credentials.js';
import { slug } from './slug.js';
import { locksFor } from './locks.js';
import type { Scenario } from './types.js';

function fromBinding(api: LoadedApi, b: ScenarioBinding, op: OperationModel, known: ReadonlySet<string>): Scenario {
  const defaults: Record<string, string> = {};
  let skip: string | undefined;
  const plan = (stepOp: OperationModel, request: ScenarioBinding['request']) => {
    const planned = planRequest(api, stepOp, request, known);
    for (const [k, v] of Object.entries(planned.defaults)) defaults[k] ??= v;
    skip ??= planned.skip;
    return planned.request;
  };
  const steps = (b.steps ?? []).map((s, i) => {
    const stepOp = api.operation(s.operationId ?? b.operationId) ?? op;
    return { name: s.name ?? `step ${i + 1}`, request: plan(stepOp, s.request), expect: s.expect, ...(s.capture ? { capture: s.capture } : {}) };
  });
  steps.push({ name: b.name, request: plan(op, b.request), expect: b.expect });
  const states = b.state === undefined ? [] : Array.isArray(b.state) ? b.state : [b.state];
  return {
    id: `${api.name}.${op.operationId}.${slug(b.name)}`,
    name: b.name,
    api: api.name,
    operationId: op.operationId,
    kind: 'example',
    states,
    locks: locksFor(api.name, api.bindings, states),
    steps,
    destructive: steps.some((s) => api.operation(s.request.operationId)?.destructive),
    defaults,
    ...(skip ? { steps: [], skip } : {}),
  };
}

/** A path parameter nothing gives a value for (no example, no --var): the request cannot be made. */
const missingPathValue = (op: OperationModel, defaults: Record<string, string>, known: ReadonlySet<string>) =>
  op.parameters.find((p) => p.in === 'path' && defaults[p.name] === undefined && !known.has(p.name))?.name;

export interface ExampleOptions {
  /** Variable names given before the run (`--var`): parameters of these names are filled. */
  vars?: Record<string, string>;
}

/**
 * Every documented response example becomes a scenario. Bound examples take their state and
 * request from specgate.yaml; the rest run only when no provider state can be involved
 * (a 2xx of an operation whose parameters have examples, a 401 without credentials), and are
 * otherwise listed as skipped with the reason.
 */
export function exampleScenarios(api: LoadedApi, opts: ExampleOptions = {}): Scenario[] {
  const out: Scenario[] = [];
  const bound = new Set<string>();
  const known = new Set([...Object.keys(api.bindings?.vars ?? {}), ...Object.keys(opts.vars ?? {})]);
  for (const b of api.bindings?.scenarios ?? []) {
    const op = api.operation(b.operationId);
    if (!op) continue; // lint reports unknown operationIds; the run does not crash on them
    out.push(fromBinding(api, b, op, known));
    for (const s of [...(b.steps ?? []), b]) {
      for (const o of s.expect.anyOf ?? [s.expect]) if (o.example) bound.add(`${s.operationId ?? b.operationId}.${String(o.status)}.${o.example}`);
    }
  }
  for (const op of api.model.operations) {
    const planned = planRequest(api, op, {}, known);
    const defaults = planned.defaults;
    const missing = missingPathValue(op, defaults, known);
    const unrunnable = missing ? `path parameter '${missing}' has no example: give --var ${missing}=... (or bind a provider state in specgate.yaml beside the spec)` : planned.skip;
    for (const r of op.responses) {
      const status = Number(r.status);
      for (const media of r.content) {
        for (const ex of media.examples) {
          if (bound.has(`${op.operationId}.${r.status}.${ex.name}`)) continue;
          // One example name under two media types is two scenarios: the media type tells them apart.
          const shared = r.content.filter((m) => m.examples.some((e) => e.name === ex.name)).length > 1;
          const id = `${api.name}.${op.operationId}.${r.status}-${slug(ex.name)}${shared ? `.${slug(media.contentType)}` : ''}`;
          const base = { id, name: `${op.operationId} ${r.status} ${ex.name}${shared ? ` (${media.contentType})` : ''}`, api: api.name, operationId: op.operationId, kind: 'example' as const, states: [], destructive: op.destructive, defaults };
          const expect = { status, example: ex.name };
          const stateless = (Number.isInteger(status) && status >= 200 && status < 300) || (status === 401 && op.security.length > 0);
          if (api.bindings) {
            out.push({ ...base, steps: [], skip: 'no scenario in specgate.yaml produces this example' });
          } else if (!stateless) {
            out.push({ ...base, steps: [], skip: 'needs a provider state: bind it in specgate.yaml beside the spec' });
          } else if (unrunnable) {
            out.push({ ...base, steps: [], skip: unrunnable });
          } else {
            const request = status === 401 ? leaveOutCredentials(api.model, op, planned.request) : planned.request;
            out.push({ ...base, steps: [{ name: base.name, request, expect }] });
          }
        }
      }
    }
    if (!out.some((s) => s.operationId === op.operationId)) {
      // Listed, not dropped: a report that leaves operations out overstates what was checked.
      out.push({
        id: `${api.name}.${op.operationId}.no-scenario`,
        name: `${op.operationId} (no scenario)`,
        api: api.name,
        operationId: op.operationId,
        kind: 'example',
        states: [],
        destructive: op.destructive,
        steps: [],
        skip: api.bindings ? 'no response example in the document and no scenario in specgate.yaml: nothing to check it against' : 'no response example in the document (and no specgate.yaml beside it): nothing to check it against',
      });
    }
  }
  return out;
}
