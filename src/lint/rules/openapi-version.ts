/** Rule openapi-version: the document declares a version specgate reads (OpenAPI 3.1 or 3.0, Swagger 2.0), and JSON Schema dialects it reads. */
import type { Rule } from '../types.js';
import { unreadDialects } from '../../openapi/dialect.js';

/** specgate reads 3.1 as written and upgrades 3.0 and 2.0 on load; anything else would fail later with a less clear message. */
export const openapiVersion: Rule = {
  id: 'openapi-version',
  description: "The document declares a version specgate reads: `openapi: 3.1.x` or `3.0.x`, or `swagger: '2.0'`; its `jsonSchemaDialect` and `$schema`s name JSON Schema 2020-12 or OpenAPI 3.1's dialect.",
  needs: ['spec'],
  check(ctx) {
    const doc = ctx.spec!.data as Record<string, unknown> | null;
    // check refuses these as it loads the document (openapi/dialect.ts): each one is an error here.
    for (const d of unreadDialects(doc)) ctx.report({ pointer: d.pointer, message: d.message });
    if (ctx.spec!.upgradedFrom) return; // 3.0 or 2.0, read through the upgrade
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      ctx.report({ line: 1, column: 1, message: 'not an OpenAPI document (expected a mapping at the top level)' });
      return;
    }
    const declared = typeof doc.openapi === 'string' ? { key: 'openapi', v: doc.openapi } : typeof doc.swagger === 'string' ? { key: 'swagger', v: doc.swagger } : undefined;
    if (!declared) ctx.report({ line: 1, column: 1, message: "not an OpenAPI document: no 'openapi' (3.x) or 'swagger' (2.0) field" });
    else if (!/^(3\.[01]\.\d+|2\.0)$/.test(declared.v)) ctx.report({ pointer: `/${declared.key}`, message: `${declared.key} is '${declared.v}': specgate reads OpenAPI 3.1 and 3.0, and Swagger 2.0` });
  },
};
