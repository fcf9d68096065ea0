/** The rejection check of generated negative cases: rejected, and with the status the operation documents for that kind of input. */
import type { Check, CheckFailure } from './types.js';
import type { OperationModel } from '../model/types.js';

/** Statuses that reject invalid input, or missing credentials (`security`). */
const REJECTING = { input: [400, 422], security: [401, 403] };

/**
 * How the operation's documents judge a rejection status: `documented` (it lists that status for
 * this kind of rejection, or a 4XX class or default covers it), `other` (it lists that status,
 * for something else: a 404, a 409, a 429...), `undocumented`.
 */
function rejectionKind(op: OperationModel, status: number, security: boolean): 'documented' | 'other' | 'undocumented' {
  if (op.responses.some((r) => r.status === String(status))) return (security ? REJECTING.security : REJECTING.input).includes(status) ? 'documented' : 'other';
  if (op.responses.some((r) => r.status === '4XX' || r.status.toLowerCase() === 'default')) return 'documented';
  return 'undocumented';
}

/**
 * An invalid request is rejected with a 4xx the operation documents for invalid input (400/422;
 * 401/403 for missing credentials). OpenAPI does not require every status to be listed: an
 * undocumented 4xx is a warning. A 4xx the document lists for another reason (an unrelated
 * 401, 404, 429) is not the rejection. Not rejecting fails, unless only an assumption (the
 * rule's x-assumption) makes the input invalid: then it is a warning.
 */
export const negativeRejection: Check = ({ api, scenario, step, exchange }) => {
  const res = exchange.response;
  if (scenario.kind !== 'negative' || !res) return [];
  const rule = scenario.rule;
  const op = api.operation(step.request.operationId)!;
  const security = rule?.keyword === 'security';
  const wanted = (security ? REJECTING.security : REJECTING.input).filter((s) => op.responses.some((r) => r.status === String(s)));
  const expected = wanted.length ? wanted.join(' or ') : '4xx';
  const base = { check: 'negative_rejection', pointer: rule?.pointer, expected, actual: res.status, source: rule?.source };
  const what = `an invalid request (${rule?.description ?? 'rule broken'})`;
  if (res.status >= 400 && res.status < 500) {
    const kind = rejectionKind(op, res.status, security);
    if (kind === 'documented') return [];
    if (kind === 'undocumented') {
      return [{ ...base, message: `${what} was rejected with ${res.status}, which ${op.operationId} does not document`, severity: 'warning', assumption: `OpenAPI does not require every status to be listed: any 4xx rejects the request (${wanted.length ? `the document lists ${expected} for this` : 'the document lists no status for this rejection'})` }];
    }
    return [{ ...base, message: `${what} was answered ${res.status}, which ${op.operationId} documents for something else, not the rejection of this input (${expected})` }];
  }
  const failure: CheckFailure = { ...base, message: `${what} was not rejected with a 4xx` };
  return [rule?.assumption ? { ...failure, severity: 'warning', assumption: rule.assumption } : failure];
};
