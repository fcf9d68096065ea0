/** Example scenarios: one per documented response example, or per specgate.yaml binding. */
import type { LoadedApi } from '../validate/load.js';
import type { OperationModel } from '../model/types.js';
import type { ExpectedOutcome, ScenarioBinding } from '../openapi/bindings.js';
import { bodyMedia, planRequest, type PlannedRequest } from './requests.js';
import { generateRequestValue } from './generate.js';
import { paramKey } from '../validate/schemas.js';
import { serializeParameter } from '../validate/params.js';
import { leaveOutCredentials } from './credentials.js';
import { slug } from './slug.js';
import { locksFor } from './locks.js';
import type { Scenario, ScenarioStep } from './types.js';

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

/**
 * An operation whose document gives no response example at all is still checked: a request
 * generated from its schemas (validated before it is sent, requests.ts) and its answer against the
 * documented response of whatever status comes back. The document fixes no status for it, so any
 * documented one is accepted; a 2xx is the reading assumed (another documented status passes with
 * a warning, an undocumented one fails), and it is the base of the generated negative cases.
 */
function generatedScenario(api: LoadedApi, op: OperationModel, planned: PlannedRequest, known: ReadonlySet<string>): Scenario {
  // Path parameters too: whatever status the generated id gets (a 404 for an unknown one) is judged
  // against the document, so no entity has to exist.
  const defaults = { ...planned.defaults };
  let unrunnable = planned.skip;
  const madeUp: string[] = [];
  for (const p of op.parameters.filter((x) => x.in === 'path' && defaults[x.name] === undefined && !known.has(x.name))) {
    const generated = generateRequestValue(p.schema, api.validators.get(paramKey(op.operationId, p.in, p.name)), { parameter: true });
    if (generated.ok) {
      defaults[p.name] = serializeParameter(p, generated.value) as string;
      madeUp.push(p.name);
    } else unrunnable ??= `path parameter '${p.name}' has no example, and ${generated.reason}: give --var ${p.name}=...`;
  }
  const request = planned.request;
  const name = `${op.operationId} (generated request)`;
  const base = { id: `${api.name}.${op.operationId}.generated`, name, api: api.name, operationId: op.operationId, kind: 'example' as const, states: [], destructive: op.destructive, defaults };
  const statuses = op.responses.map((r) => r.status).filter((s) => /^[1-5](\d\d|XX)$/i.test(s));
  const success = statuses.filter((s) => s.startsWith('2'));
  if (unrunnable) return { ...base, steps: [], skip: unrunnable };
  if (!success.length) {
    if (!op.responses.some((r) => r.status.toLowerCase() === 'default')) return { ...base, steps: [], skip: 'no response example and no documented 2xx: nothing a generated request could be checked against' };
    // `default` documents every status the others do not: any answer is documented (no status is
    // expected), and judged against the response the document gives for its status.
    return { ...base, steps: [{ name, request, expect: {} }] };
  }
  const status = (s: string) => (/^\d+$/.test(s) ? Number(s) : s.toUpperCase());
  const ordered = [...success, ...statuses.filter((s) => !s.startsWith('2'))];
  const assumption = 'a request generated from the schemas is valid, so a documented 2xx is expected; the document gives no example that fixes the status';
  const anyOf: ExpectedOutcome[] = ordered.map((s, i) => ({ status: status(s), ...(i === 0 ? { assumption } : {}) }));
  // A path value specgate made up names no entity on a real server: a 4xx there (a 404 the
  // document does not list, as most do not) is another faithful answer, a warning.
  if (madeUp.length) anyOf.push({ status: '4XX', assumption: `the path parameter${madeUp.length > 1 ? 's' : ''} ${madeUp.join(', ')} had no example and no --var, so specgate made up a value that may name nothing on this server (give --var ${madeUp[0]}=... for a real one)` });
  const first = anyOf[0].status;
  return { ...base, steps: [{ name, request, expect: { ...(typeof first === 'number' ? { status: first } : {}), anyOf } }] };
}

/**
 * A request whose documented example breaks the document's own schema: the document does not
 * show a valid request, so a correct server's 4xx (documented or not) passes with a warning that names the defect.
 */
function refusalAllowed(expect: ScenarioStep['expect'], defect: string): ScenarioStep['expect'] {
  const alternatives = expect.anyOf ?? [{ status: expect.status, example: expect.example }];
  return { ...expect, anyOf: [...alternatives, { status: '4XX', assumption: defect }] };
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
    const unusable = [b, ...(b.steps ?? [])].map((s) => api.operation(s.operationId ?? b.operationId)?.unusable).find(Boolean);
    out.push(unusable ? { ...fromBinding(api, b, op, known), steps: [], skip: unusable } : fromBinding(api, b, op, known));
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
          // Two 2xx answers documented for one request (a 200 and a 201 example): nothing in the
          // document says which the server picks, so any of them passes (another one with a warning).
          const otherSuccesses = Number.isInteger(status) && status >= 200 && status < 300 ? op.responses.map((x) => x.status).filter((x) => /^2\d\d$/.test(x) && Number(x) !== status).map(Number) : [];
          const expect: ScenarioStep['expect'] = otherSuccesses.length
            ? { status, example: ex.name, anyOf: [{ status, example: ex.name, assumption: `the document gives this example for ${status}, and also documents ${otherSuccesses.join(', ')} for the same request: it does not say which the server answers` }, ...otherSuccesses.map((s) => ({ status: s }))] }
            : { status, example: ex.name };
          const stateless = (Number.isInteger(status) && status >= 200 && status < 300) || (status === 401 && op.security.length > 0);
          if (api.bindings) {
            out.push({ ...base, steps: [], skip: 'no scenario in specgate.yaml produces this example' });
          } else if (!stateless) {
            out.push({ ...base, steps: [], skip: 'needs a provider state: bind it in specgate.yaml beside the spec' });
          } else if (unrunnable) {
            out.push({ ...base, steps: [], skip: unrunnable });
          } else {
            // A request example of the same name is this answer's request (OpenAPI pairs them by name in its own examples).
            const pairedPlan = bodyMedia(op)?.examples.some((e) => e.name === ex.name) ? planRequest(api, op, {}, known, ex.name) : planned;
            const request = status === 401 ? leaveOutCredentials(api.model, op, pairedPlan.request) : pairedPlan.request;
            const defect = status === 401 ? undefined : pairedPlan.exampleDefect;
            out.push({ ...base, steps: [{ name: base.name, request, expect: defect ? refusalAllowed(expect, defect) : expect }] });
          }
        }
      }
    }
    // Where the document lists answers (a status alone is still checked: documented or not, and its
    // headers); never a DELETE nobody gave an example for (it could remove something real).
    const hasExamples = op.responses.some((r) => r.content.some((m) => m.examples.length > 0));
    // Also where every example needs a provider state (a `default` or 404 example): the operation
    // is still checked with a generated request, whose answer the document judges.
    const ofOp = out.filter((s) => s.operationId === op.operationId);
    const nothingRuns = hasExamples ? ofOp.every((s) => s.skip !== undefined) : ofOp.length === 0;
    if (!api.bindings && op.responses.length > 0 && op.method.toLowerCase() !== 'delete' && nothingRuns) {
      out.push(generatedScenario(api, op, planned, known));
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
        skip: op.unusable
          ? op.unusable
          : op.responses.length === 0
          ? 'the document lists no response for it: nothing to check it against'
          : !api.bindings && op.method.toLowerCase() === 'delete'
            ? 'a DELETE with no example: specgate does not make one up (it could remove something real); give an example, or bind a scenario in specgate.yaml beside the spec'
            : api.bindings ? 'no response example in the document and no scenario in specgate.yaml: nothing to check it against' : 'no response example in the document (and no specgate.yaml beside it): nothing to check it against',
      });
    }
  }
  return out;
}
