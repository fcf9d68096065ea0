/** Lint rule struct: the document is a valid OpenAPI document (Redocly struct). */
import type { Rule } from '../types.js';
import { structuralProblems } from '../redocly.js';
import { refCycle, resolvePointer } from '../../openapi/openapi.js';

/**
 * Structural validity, delegated to Redocly (its `spec` ruleset): every object has the fields the
 * OpenAPI specification requires and no others, and every `$ref` resolves. Redocly's own rule id is
 * kept in the message so its documentation can be looked up.
 */
export const struct: Rule = {
  id: 'struct',
  description: "The document is structurally valid OpenAPI (Redocly's `spec` ruleset: `struct`, `no-unresolved-refs`, ...).",
  needs: ['spec'],
  async check(ctx) {
    const doc = ctx.spec!.data as Record<string, unknown> | null;
    // Redocly cannot even detect the version of such a document; openapi-version reports it.
    if (!doc || typeof doc !== 'object' || (typeof doc.openapi !== 'string' && typeof doc.swagger !== 'string')) return;
    // Redocly stops at a $ref cycle without a line ('Self-referencing circular pointer'): say where it is instead.
    const cycle = refCycle(ctx.spec!, doc);
    if (cycle) return ctx.report({ line: cycle.line, column: cycle.column, message: cycle.reason });
    for (const p of await structuralProblems(ctx.spec!.file, ctx.spec!.text)) {
      let message = p.message;
      if (p.ruleId === 'no-unresolved-refs' && p.pointer !== undefined) {
        const ref = (resolvePointer(doc, p.pointer) as { $ref?: unknown } | undefined)?.$ref;
        // A file that is not there, or not read: local-refs says which, at the same line.
        if (typeof ref === 'string' && !ref.startsWith('#')) continue;
        if (typeof ref === 'string') message = `$ref '${ref}' points to nothing`;
      }
      ctx.report({
        file: p.file,
        line: p.line,
        column: p.column,
        pointer: p.pointer,
        severity: p.severity,
        message: p.ruleId === 'struct' ? message : `${message} [redocly ${p.ruleId}]`,
      });
    }
  },
};
