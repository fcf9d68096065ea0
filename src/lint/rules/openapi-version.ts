import type { Rule } from '../types.js';

/** specgate's loader reads OpenAPI 3.1 only; anything else would fail later with a less clear message. */
export const openapiVersion: Rule = {
  id: 'openapi-version',
  description: "The document is OpenAPI 3.1 (`openapi: 3.1.x`), the only version specgate's loader reads.",
  needs: ['spec'],
  check(ctx) {
    const doc = ctx.spec!.data as Record<string, unknown> | null;
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      ctx.report({ line: 1, column: 1, message: 'not an OpenAPI document (expected a mapping at the top level)' });
      return;
    }
    if (typeof doc.openapi !== 'string') {
      const swagger = typeof doc.swagger === 'string' ? ` (found swagger ${doc.swagger})` : '';
      ctx.report({ line: 1, column: 1, message: `not an OpenAPI 3.1 document: no 'openapi' field${swagger}` });
    } else if (!/^3\.1\.\d+$/.test(doc.openapi)) {
      ctx.report({ pointer: '/openapi', message: `openapi is '${doc.openapi}': specgate reads OpenAPI 3.1.x` });
    }
  },
};
