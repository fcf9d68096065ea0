/** Lint rule x-source: every constraint says which source sentence it comes from. */
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

/** Why a node's `x-assumed` does not single out keywords of its own that an x-assumption explains, or undefined. */
export function xAssumedProblem(node: Record<string, unknown>): string | undefined {
  const a = node['x-assumed'];
  if (a === undefined) return undefined;
  if (!Array.isArray(a) || !a.every((k) => typeof k === 'string')) return 'x-assumed must be a list of keywords of this schema (or required:Name)';
  if (typeof node['x-assumption'] !== 'string') return 'x-assumed needs an x-assumption beside it (the text a warning quotes)';
  for (const entry of a as string[]) {
    const [keyword, name] = entry.split(':');
    if (!(keyword in node)) return `x-assumed names '${keyword}', which this schema does not have`;
    if (name !== undefined && !(keyword === 'required' && Array.isArray(node.required) && node.required.includes(name))) return `x-assumed names '${entry}', but '${name}' is not in this schema's required list`;
  }
  return undefined;
}

/**
 * A reconstructed spec is only as good as its traceability: every constraint and example says
 * which source sentence it comes from, so a reviewer (and a failing check's message) can show it.
 */
export const xSource: Rule = {
  id: 'x-source',
  description: 'In a reconstructed spec, every constraint (enum, minLength, maxLength, pattern, format, required, if, minimum, maximum, const, ...) and every example carries `x-source: {file, quote}`; an `x-assumed` list names keywords (or required:Name) of its own schema, beside an x-assumption.',
  needs: ['spec'],
  check(ctx) {
    const sites = ctx.sites();
    for (const s of sites.schemas) {
      // if/then/else branches are one conditional rule: the x-source on the schema holding `if` covers them.
      if (s.inConditional) continue;
      const constraints = CONSTRAINT_KEYWORDS.filter((k) => k in s.schema);
      const examples = ['example', 'examples'].filter((k) => k in s.schema);
      const what = [...constraints, ...examples];
      // A typo in x-assumed would silently keep a failure a failure: it must name what it grades.
      const assumed = xAssumedProblem(s.schema);
      if (assumed) ctx.report({ pointer: `${s.pointer}/x-assumed`, message: assumed });
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
