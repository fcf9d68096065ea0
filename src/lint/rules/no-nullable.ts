/** Lint rule no-nullable: OpenAPI 3.0 `nullable` in a 3.1 document. */
import type { Rule } from '../types.js';

/** `nullable` is an OpenAPI 3.0 keyword: 3.1 (JSON Schema 2020-12) ignores it, so null would be rejected. */
export const noNullable: Rule = {
  id: 'no-nullable',
  description: "No `nullable` in an OpenAPI 3.1 schema: use a type array (`type: [string, 'null']`).",
  needs: ['spec'],
  check(ctx) {
    for (const s of ctx.sites().schemas) {
      if (!('nullable' in s.schema)) continue;
      const t = s.schema.type;
      const hint = typeof t === 'string' ? ` (write type: [${t}, 'null'])` : '';
      ctx.report({ pointer: `${s.pointer}/nullable`, message: `'nullable' is not OpenAPI 3.1: it is ignored, so null is rejected${hint}` });
    }
  },
};
