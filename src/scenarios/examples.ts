import type { LoadedApi } from '../validate/load.js';
import type { OperationModel } from '../model/types.js';
import type { ScenarioBinding } from '../openapi/bindings.js';
import { paramDefaults, requestFor } from './requests.js';
import { slug } from './slug.js';
import type { Scenario } from './types.js';

function fromBinding(api: LoadedApi, b: ScenarioBinding, op: OperationModel): Scenario {
  const steps = (b.steps ?? []).map((s, i) => {
    const stepOp = api.operation(s.operationId ?? b.operationId) ?? op;
    return { name: s.name ?? `step ${i + 1}`, request: requestFor(stepOp, s.request), expect: s.expect };
  });
  steps.push({ name: b.name, request: requestFor(op, b.request), expect: b.expect });
  return {
    id: `${api.name}.${op.operationId}.${slug(b.name)}`,
    name: b.name,
    api: api.name,
    operationId: op.operationId,
    kind: 'example',
    states: b.state === undefined ? [] : Array.isArray(b.state) ? b.state : [b.state],
    steps,
    destructive: steps.some((s) => api.operation(s.request.operationId)?.destructive),
    defaults: paramDefaults(op),
  };
}

const needsPathValues = (op: OperationModel, defaults: Record<string, string>) =>
  op.parameters.some((p) => p.in === 'path' && defaults[p.name] === undefined);

/**
 * Every documented response example becomes a scenario. Bound examples take their state and
 * request from specgate.yaml; the rest run only when no provider state can be involved
 * (a 2xx of an operation whose parameters have examples, a 401 without credentials), and are
 * otherwise listed as skipped with the reason.
 */
export function exampleScenarios(api: LoadedApi): Scenario[] {
  const out: Scenario[] = [];
  const bound = new Set<string>();
  for (const b of api.bindings?.scenarios ?? []) {
    const op = api.operation(b.operationId);
    if (!op) continue; // lint reports unknown operationIds; the run does not crash on them
    out.push(fromBinding(api, b, op));
    for (const s of [...(b.steps ?? []), b]) if (s.expect.example) bound.add(`${s.operationId ?? b.operationId}.${s.expect.status}.${s.expect.example}`);
  }
  for (const op of api.model.operations) {
    const defaults = paramDefaults(op);
    for (const r of op.responses) {
      const status = Number(r.status);
      for (const media of r.content) {
        for (const ex of media.examples) {
          if (bound.has(`${op.operationId}.${r.status}.${ex.name}`)) continue;
          const id = `${api.name}.${op.operationId}.${r.status}-${slug(ex.name)}`;
          const base = { id, name: `${op.operationId} ${r.status} ${ex.name}`, api: api.name, operationId: op.operationId, kind: 'example' as const, states: [], destructive: op.destructive, defaults };
          const expect = { status, example: ex.name };
          if (api.bindings) {
            out.push({ ...base, steps: [], skip: 'no scenario in specgate.yaml produces this example' });
          } else if (Number.isInteger(status) && status >= 200 && status < 300 && !needsPathValues(op, defaults)) {
            out.push({ ...base, steps: [{ name: base.name, request: requestFor(op), expect }] });
          } else if (status === 401 && op.security.length > 0 && !needsPathValues(op, defaults)) {
            out.push({ ...base, steps: [{ name: base.name, request: { ...requestFor(op), omitAuth: true }, expect }] });
          } else {
            out.push({ ...base, steps: [], skip: 'needs a provider state: bind it in specgate.yaml beside the spec' });
          }
        }
      }
    }
  }
  return out;
}
