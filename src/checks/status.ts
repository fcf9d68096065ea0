/** The status check: documented for the operation, and the one (or of the class) the outcome allows. */
import type { Check, CheckFailure } from './types.js';
import { responseFor } from '../validate/validator.js';
import { describeOutcome, graded, isSuccess, outcomeOf, statusFits } from './outcome.js';

/** The status is documented for the operation and fits the outcome the scenario expects. */
export const statusCodeConformance: Check = (ctx) => {
  const { api, scenario, step, exchange } = ctx;
  const res = exchange.response;
  // A negative scenario's status (which 4xx, documented or not) is the rejection check's to judge.
  if (!res || scenario.kind === 'negative') return [];
  const op = api.operation(step.request.operationId)!;
  const o = outcomeOf(ctx);
  const fits = statusFits(ctx, o, res.status);
  const failures: CheckFailure[] = [];
  const documented = op.responses.map((r) => r.status).join(', ');
  const undocumented = !responseFor(op, res.status);
  if (!fits) {
    const message = o.notSuccess && isSuccess(ctx) ? `expected ${describeOutcome(o)}, got ${res.status}, a success` : `expected status ${String(o.status)}, got ${res.status}`;
    const f: CheckFailure = { check: 'status_code_conformance', message, expected: o.status ?? 'not a success', actual: res.status };
    // One finding per answer: a status that is both unexpected and undocumented says both, and
    // is a failure (an undocumented status to a request the document says succeeds).
    if (undocumented) return [{ ...f, message: `${message}, which ${op.operationId} does not document (it documents ${documented})` }];
    failures.push(...graded(ctx, 'status', [f]));
  } else if (undocumented) {
    const f: CheckFailure = { check: 'status_code_conformance', message: `status ${res.status} is not documented for ${op.operationId}`, expected: documented, actual: res.status };
    // Where the expectation admits a class of answers (4XX, not a success), one the document does not list is allowed with a warning.
    const open = typeof o.status !== 'number';
    failures.push(open ? { ...f, severity: 'warning', assumption: o.assumption ?? `the document lists ${documented}; here the sources allow any answer that is ${describeOutcome(o)}` } : f);
  }
  return failures;
};
