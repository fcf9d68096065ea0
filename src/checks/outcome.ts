/** Expected outcomes of a step: which alternative an answer matches, what "not a success" means, and what backs each part. */
import type { Expectation, ExpectedOutcome, OutcomePart } from '../openapi/bindings.js';
import type { CheckContext, CheckFailure } from './types.js';
import { substitute } from '../scenarios/substitute.js';

type Obj = Record<string, unknown>;

/** The alternatives a step's expectation admits: `anyOf`, or the expectation itself. */
export const alternatives = (e: Expectation): ExpectedOutcome[] => e.anyOf ?? [e];

/** The outcome a check judges: the alternative being tried (runChecks sets it), else the step's expectation. */
export const outcomeOf = (ctx: CheckContext): ExpectedOutcome => ctx.outcome ?? ctx.step.expect;

/** The example named by an outcome, under its exact status. */
export function exampleOf(ctx: CheckContext, o: ExpectedOutcome) {
  if (!o.example || typeof o.status !== 'number') return undefined;
  const op = ctx.api.operation(ctx.step.request.operationId);
  const r = op?.responses.find((x) => x.status === String(o.status));
  for (const m of r?.content ?? []) for (const e of m.examples) if (e.name === o.example) return e;
  return undefined;
}

/** The assumption that backs an outcome's assumed parts: its own text, else its example's x-assumption. */
export const assumptionText = (ctx: CheckContext, o: ExpectedOutcome): string =>
  o.assumption ?? exampleOf(ctx, o)?.assumption ?? 'an assumption of specgate.yaml (no source sentence fixes this part)';

/** Grade failures of one part of an outcome: warnings when only an assumption backs that part. */
export function graded(ctx: CheckContext, part: OutcomePart, failures: CheckFailure[]): CheckFailure[] {
  const o = outcomeOf(ctx);
  if (!o.assumed?.includes(part)) return failures;
  const assumption = assumptionText(ctx, o);
  return failures.map((f) => ({ ...f, severity: 'warning', assumption }));
}

/** Deep subset: every key given in `expected` is in `actual` with an equal value. */
export function subsetFailures(expected: unknown, actual: unknown, pointer: string, check = 'body_matches'): CheckFailure[] {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [{ check, message: 'expected an object', pointer, expected, actual }];
    return Object.entries(expected as Obj).flatMap(([k, v]) => subsetFailures(v, (actual as Obj)[k], `${pointer}/${k}`, check));
  }
  return JSON.stringify(expected) === JSON.stringify(actual) ? [] : [{ check, message: `expected ${JSON.stringify(expected)}`, pointer, expected, actual }];
}

/** `{{Name}}` placeholders filled from the run's variables (left as written when one is unknown). */
export function filled(value: unknown, vars: Record<string, string>): unknown {
  try {
    return substitute(value, vars);
  } catch {
    return value;
  }
}

/** A success by the API's own terms: a 2XX, whose body shows `success.bodyMatches` when specgate.yaml defines one. */
export function isSuccess(ctx: CheckContext): boolean {
  const res = ctx.exchange.response;
  if (!res || res.status < 200 || res.status > 299) return false;
  const success = ctx.api.bindings?.success;
  return !success || subsetFailures(filled(success.bodyMatches, ctx.vars), res.body, '').length === 0;
}

/** Does the status fit the outcome: exact, of its class ('4XX'), or (notSuccess) anything but a success. */
export function statusFits(ctx: CheckContext, o: ExpectedOutcome, status: number): boolean {
  if (typeof o.status === 'number' && o.status !== status) return false;
  if (typeof o.status === 'string' && o.status[0] !== String(status)[0]) return false;
  if (o.notSuccess && isSuccess(ctx)) return false;
  return true;
}

/** The outcome in words: `200`, `4XX`, `not a success`, `200 with {"data":{"statusCode":"25"}}`. */
export function describeOutcome(o: ExpectedOutcome): string {
  const parts = [o.status !== undefined ? String(o.status) : '', o.notSuccess ? 'not a success' : ''].filter(Boolean);
  if (o.errorCode) parts.push(`error ${o.errorCode}`);
  if (o.bodyMatches !== undefined) parts.push(`with ${JSON.stringify(o.bodyMatches)}`);
  return parts.join(' ');
}
