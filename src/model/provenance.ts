/** Provenance of a constraint: the x-source sentence or x-assumption that backs a schema keyword, found by walking Ajv's schemaPath. */
import { fragmentToPath } from '../util/pointer.js';
import type { Source } from './types.js';

export interface Provenance {
  /** The x-source sentence, when a source backs the constraint. */
  source?: string;
  sourceFile?: string;
  /** The x-assumption text, when only an assumption backs it (a mismatch is then a warning). */
  assumption?: string;
}

type Obj = Record<string, unknown>;

/** The x-source of a node: `{file, quote}` (or a bare quote). */
export function sourceOf(node: unknown): Source | undefined {
  const s = (node as Record<string, unknown> | undefined)?.['x-source'] as Partial<Source> | string | undefined;
  if (!s) return undefined;
  if (typeof s === 'string') return { file: '', quote: s };
  if (typeof s.quote === 'string') return { file: String(s.file ?? ''), quote: s.quote };
  return undefined;
}

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** The x-assumption text of a node (a string; anything else is not one). */
export const assumptionOf = (node: unknown): string | undefined => {
  const a = isObj(node) ? node['x-assumption'] : undefined;
  return typeof a === 'string' && a.trim() ? a.trim().replace(/\s+/g, ' ') : undefined;
};

/** The keywords of a node that only its x-assumption backs (`x-assumed: [minItems, required:LegalPersonType]`). */
const assumedKeywords = (node: unknown): string[] => {
  const a = isObj(node) ? node['x-assumed'] : undefined;
  return Array.isArray(a) ? a.filter((k): k is string => typeof k === 'string') : [];
};

/**
 * What backs `keyword` of one node. Its x-source backs every keyword of the node, even when an
 * x-assumption beside it explains a choice, except those the node lists in `x-assumed`: only the
 * x-assumption backs these (`required:Name`: that one required property). A node with an
 * x-assumption and no x-source is assumption-backed.
 */
export function provenanceOfNode(node: unknown, keyword?: string, property?: string): Provenance | undefined {
  const src = sourceOf(node);
  const assumption = assumptionOf(node);
  // `required:Name` singles out one name of a `required` list; `required` alone covers them all.
  const assumed = keyword !== undefined && assumedKeywords(node).some((k) => k === keyword || (property !== undefined && k === `${keyword}:${property}`));
  if (assumption && (!src || assumed)) return { assumption };
  if (src) return { source: src.quote, sourceFile: src.file };
  return undefined;
}

/**
 * The provenance of the keyword at `schemaPath` (`#/properties/data/required`) in `root`: that of
 * the nearest schema on the path, from the keyword's own schema outwards, that carries an
 * x-source or an x-assumption.
 */
export function provenanceAt(root: unknown, schemaPath: string, property?: string): Provenance | undefined {
  const keys = fragmentToPath(schemaPath.startsWith('#') ? schemaPath : `#${schemaPath}`);
  const at = (node: unknown, k: string): unknown => (isObj(node) || Array.isArray(node) ? (node as Obj)[k] : undefined);
  const nodes: unknown[] = [root];
  let cur: unknown = root;
  // The last key is the keyword itself; every object before it is a schema (or a keyword's container).
  for (const k of keys.slice(0, -1)) {
    let next = at(cur, k);
    // Ajv inlines a local $ref (the root's `$ref: '#/$defs/X'` too) and goes on with paths inside its target.
    const ref = isObj(cur) ? cur.$ref : undefined;
    if (next === undefined && typeof ref === 'string' && ref.startsWith('#')) {
      const target = fragmentToPath(ref).reduce<unknown>(at, root);
      if (target !== undefined) nodes.push(target);
      next = at(target, k);
    }
    cur = next;
    if (cur === undefined) break;
    nodes.push(cur);
  }
  const keyword = keys[keys.length - 1];
  for (let i = nodes.length - 1; i >= 0; i--) {
    // The keyword's own schema is asked about that keyword; an enclosing one backs it as a whole.
    const p = i === nodes.length - 1 ? provenanceOfNode(nodes[i], keyword, property) : provenanceOfNode(nodes[i]);
    if (p) return p;
  }
  return undefined;
}
