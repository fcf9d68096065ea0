import type { Check } from './types.js';
import { responseFor } from '../validate/validator.js';

/** The status is documented for the operation and is the one the scenario expects. */
export const statusCodeConformance: Check = ({ api, scenario, step, exchange }) => {
  const res = exchange.response;
  if (!res) return [];
  const op = api.operation(step.request.operationId)!;
  const failures = [];
  if (!responseFor(op, res.status)) {
    failures.push({ check: 'status_code_conformance', message: `status ${res.status} is not documented for ${op.operationId}`, expected: op.responses.map((r) => r.status).join(', '), actual: res.status });
  }
  // Negative scenarios accept any documented 4xx; the negative check judges those.
  if (scenario.kind !== 'negative' && res.status !== step.expect.status) {
    failures.push({ check: 'status_code_conformance', message: `expected status ${step.expect.status}, got ${res.status}`, expected: step.expect.status, actual: res.status });
  }
  return failures;
};
