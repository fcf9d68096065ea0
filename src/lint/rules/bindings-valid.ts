/** Lint rule bindings-valid: specgate.yaml names operations, statuses, examples and states that exist. */
import type { Rule, RuleContext } from '../types.js';
import type { OperationModel } from '../../model/types.js';
import { expectationProblem, readStates } from '../../openapi/bindings.js';
import { isObj, ptr } from '../walk.js';

type Outcome = { status?: unknown; example?: unknown; anyOf?: unknown };

/** The documented response a status would be checked against: exact code first, then its range. */
const responseFor = (op: OperationModel, status: number) =>
  op.responses.find((r) => r.status === String(status)) ?? op.responses.find((r) => r.status === `${String(status)[0]}XX`);

function checkOutcome(ctx: RuleContext, at: string, op: OperationModel, e: Outcome): void {
  const report = (pointer: string, message: string) => ctx.report({ file: ctx.bindings, pointer, message });
  // A class ('4XX') or notSuccess admits statuses the document may not list: nothing to look up.
  if (typeof e.status !== 'number') return;
  const status = e.status;
  const response = responseFor(op, status);
  if (!response) {
    report(ptr(at, 'status'), `${op.operationId} documents no ${status} response (documented: ${op.responses.map((r) => r.status).join(', ')})`);
    return;
  }
  if (e.example === undefined) return;
  const names = response.content.flatMap((m) => m.examples.map((x) => x.name));
  if (typeof e.example !== 'string' || !names.includes(e.example)) {
    report(ptr(at, 'example'), `${op.operationId} ${response.status} has no example named '${String(e.example)}' (${names.length ? `named: ${names.join(', ')}` : 'it has no named examples'})`);
  }
}

function checkExpect(ctx: RuleContext, at: string, op: OperationModel | undefined, expect: unknown): void {
  const problem = expectationProblem(isObj(expect) ? { ...expect } : expect);
  if (problem) {
    ctx.report({ file: ctx.bindings, pointer: ptr(at, 'expect'), message: problem });
    return;
  }
  if (!op) return;
  const e = expect as Outcome;
  if (Array.isArray(e.anyOf)) e.anyOf.forEach((o, k) => checkOutcome(ctx, ptr(at, 'expect', 'anyOf', k), op, o as Outcome));
  else checkOutcome(ctx, ptr(at, 'expect'), op, e);
}

/** A binding that names something the spec or the state protocol does not have fails only at run time, far from its cause. */
export const bindingsValid: Rule = {
  id: 'bindings-valid',
  description: 'Every scenario of specgate.yaml names a known provider state, a real operationId, a documented status and an existing example under it.',
  needs: ['spec', 'bindings'],
  check(ctx) {
    const raw = ctx.bindings!.data;
    const report = (pointer: string, message: string) => ctx.report({ file: ctx.bindings, pointer, message });
    if (!isObj(raw)) {
      report('', 'specgate.yaml must be a mapping');
      return;
    }
    const model = ctx.model();
    if (!model) return; // the document itself is broken; other rules say where
    const ops = new Map(model.operations.map((o) => [o.operationId, o]));
    const known = (id: unknown) => typeof id === 'string' && ops.has(id);
    const api = typeof raw.api === 'string' ? raw.api : undefined;
    if (!api) report('', "specgate.yaml needs an 'api' name");
    // The one list of states is the API's own `states:` (DESIGN.md's names are declared there).
    const declared = readStates(raw.states);
    for (const p of declared.problems) report(ptr('/states', ...[p.index, p.key].filter((k): k is number | string => k !== undefined)), p.message);
    const byName = new Map(declared.states.map((d) => [d.name, d]));
    const states = new Set(byName.keys());

    if (Array.isArray(raw.destructive)) {
      raw.destructive.forEach((id, i) => {
        if (!known(id)) report(ptr('/destructive', i), `destructive names '${String(id)}', which is not an operationId of ${model.name}`);
      });
    }
    if (raw.scenarios !== undefined && !Array.isArray(raw.scenarios)) {
      report('/scenarios', 'scenarios must be a list');
      return;
    }
    const seen = new Map<string, number>();
    ((raw.scenarios ?? []) as unknown[]).forEach((s, i) => {
      const at = ptr('/scenarios', i);
      if (!isObj(s)) return report(at, 'a scenario must be a mapping');
      if (typeof s.name !== 'string' || !s.name.trim()) report(at, 'a scenario needs a name');
      else if (seen.has(s.name)) report(ptr(at, 'name'), `scenario name '${s.name}' is also used by scenario #${seen.get(s.name)! + 1} (names identify contract interactions)`);
      else seen.set(s.name, i);

      // One state, or several set up in order (Pact allows many).
      const stateList = s.state === undefined ? [] : Array.isArray(s.state) ? s.state.map((st, k) => [st, ptr(at, 'state', k)] as const) : [[s.state, ptr(at, 'state')] as const];
      for (const [st, sat] of stateList) {
        const name = isObj(st) ? st.name : undefined;
        if (typeof name !== 'string') report(sat, 'a state must be {name, params}');
        else if (!states.has(name)) {
          report(ptr(sat, 'name'), `unknown provider state '${name}' (known for ${api ?? ctx.target.api}: ${[...states].map((n) => `'${n}'`).join(', ') || 'none'}; declare new ones under states:)`);
        } else if (isObj(st) && isObj(st.params)) {
          const takes = byName.get(name)!.params;
          for (const param of Object.keys(st.params)) {
            if (!takes.includes(param)) report(ptr(sat, 'params', param), `state '${name}' takes no param '${param}' (declared under states: ${takes.join(', ') || 'none'})`);
          }
        }
      }
      const op = known(s.operationId) ? ops.get(s.operationId as string) : undefined;
      if (typeof s.operationId !== 'string') report(at, 'a scenario needs an operationId');
      else if (!op) report(ptr(at, 'operationId'), `no operation '${s.operationId}' in ${model.name} (operationIds: ${[...ops.keys()].join(', ')})`);
      checkExpect(ctx, at, op, s.expect);

      if (s.steps !== undefined && !Array.isArray(s.steps)) report(ptr(at, 'steps'), 'steps must be a list');
      (Array.isArray(s.steps) ? s.steps : []).forEach((step, j) => {
        const sat = ptr(at, 'steps', j);
        if (!isObj(step)) return report(sat, 'a step must be a mapping');
        const id = step.operationId ?? s.operationId;
        if (step.operationId !== undefined && !known(id)) report(ptr(sat, 'operationId'), `no operation '${String(id)}' in ${model.name}`);
        checkExpect(ctx, sat, known(id) ? ops.get(id as string) : undefined, step.expect);
      });
    });
  },
};
