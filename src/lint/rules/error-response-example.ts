/** Lint rule error-response-example: every documented error response has an example. */
import type { Rule } from '../types.js';
import { deref, isObj, ptr } from '../walk.js';

const hasExample = (response: unknown): boolean =>
  isObj(response) &&
  isObj(response.content) &&
  Object.values(response.content).some((m) => isObj(m) && ('example' in m || (isObj(m.examples) && Object.keys(m.examples).length > 0)));

/** A documented error body is what a conformance check compares a provider's error against. */
export const errorResponseExample: Rule = {
  id: 'error-response-example',
  description: 'Every operation documents at least one 4xx response with an example of its body.',
  needs: ['spec'],
  check(ctx) {
    const doc = ctx.spec!.data;
    for (const op of ctx.sites().operations) {
      const responses = isObj(op.node.responses) ? op.node.responses : {};
      const errors = Object.entries(responses).filter(([status]) => /^4(\d\d|XX)$/i.test(status));
      if (errors.some(([, r]) => hasExample(deref(doc, r).node))) continue;
      const name = `${op.method.toUpperCase()} ${op.path}`;
      ctx.report({
        pointer: isObj(op.node.responses) ? ptr(op.pointer, 'responses') : op.pointer,
        message: errors.length
          ? `${name}: none of its 4xx responses (${errors.map(([s]) => s).join(', ')}) has an example body`
          : `${name} documents no 4xx response: document at least one error with an example body`,
      });
    }
  },
};
