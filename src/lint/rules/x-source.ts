import type { Rule } from '../types.js';
import { isObj } from '../walk.js';

/** Keywords that constrain a value: each must say which source sentence it comes from. */
export const CONSTRAINT_KEYWORDS = [
  'enum', 'const', 'minLength', 'maxLength', 'pattern', 'format', 'required', 'if',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'multipleOf',
];

/** Why a node's x-source is not usable, or undefined when it is. */
export function xSourceProblem(node: Record<string, unknown>): string | undefined {
  const s = node['x-source'];
  if (s === undefined) return 'has no x-source';
  if (!isObj(s) || typeof s.file !== 'string' || typeof s.quote !== 'string' || !s.quote.trim()) return 'has an x-source that is not {file, quote} (two non-empty strings)';
  return undefined;
}

/**
 * A reconstructed spec is only as good as its traceability: every constraint and example says
 * which source sentence it comes from, so a reviewer (and a failing check's message) can show it.
 */
export const xSource: Rule = {
  id: 'x-source',
  description: 'In a reconstructed spec, every constraint (enum, minLength, maxLength, pattern, format, required, if, minimum, maximum, const, ...) and every example carries `x-source: {file, quote}`.',
  needs: ['spec'],
  check(ctx) {
    const sites = ctx.sites();
    for (const s of sites.schemas) {
      // if/then/else branches are one conditional rule: the x-source on the schema holding `if` covers them.
      if (s.inConditional) continue;
      const constraints = CONSTRAINT_KEYWORDS.filter((k) => k in s.schema);
      const examples = ['example', 'examples'].filter((k) => k in s.schema);
      const what = [...constraints, ...examples];
      if (!what.length) continue;
      const problem = xSourceProblem(s.schema);
      if (problem) ctx.report({ pointer: s.pointer, message: `schema with ${what.join(', ')} ${problem}` });
    }
    for (const e of sites.exampleObjects) {
      const problem = xSourceProblem(e.node);
      if (problem) ctx.report({ pointer: e.pointer, message: `example ${problem}` });
    }
    for (const h of sites.holders) {
      if (!('example' in h.node)) continue;
      const problem = xSourceProblem(h.node);
      if (problem) ctx.report({ pointer: `${h.pointer}/example`, message: `the example of ${h.label} ${problem} (put it beside the example)` });
    }
  },
};
