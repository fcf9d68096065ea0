import type { Check } from './types.js';

/**
 * An invalid request is rejected with a 4xx. That the 4xx is documented, and that its body
 * matches the documented error schema, are judged by the status and schema checks.
 */
export const negativeRejection: Check = ({ scenario, exchange }) => {
  const res = exchange.response;
  if (scenario.kind !== 'negative' || !res) return [];
  if (res.status >= 400 && res.status < 500) return [];
  const rule = scenario.rule;
  return [{ check: 'negative_rejection', message: `an invalid request (${rule?.description ?? 'rule broken'}) was not rejected with a 4xx`, pointer: rule?.pointer, expected: '4xx', actual: res.status, source: rule?.source }];
};
