/**
 * OpenAPI's discriminator, read as its own pages show it. JSON Schema's `oneOf` asks that exactly
 * one branch match, but the OpenAPI Discriminator Object's example (3.0.3 and 3.1.0: Cat and Dog,
 * each `allOf` a shared Pet) has payloads that match several branches, and says `petType: Cat`
 * "will indicate that the Cat schema be used". Both readings are in the sources, so a body that
 * fails only there (more than one branch matches, and the one its discriminator names is among
 * them) is a warning, not a failure: validator.ts checks it against this reading when the strict
 * one fails.
 */
import { isObj, mapSchemaShared, type Obj } from '../openapi/walk.js';
import { ELSEWHERE } from '../model/self-contained.js';
import { fragmentToPath, pathToFragment } from '../util/pointer.js';
import type { JsonSchema } from '../model/types.js';

/** `#/$defs/Cat` → `Cat`: a whole component of the document (not a place inside one, not one copied from elsewhere). */
function componentName(ref: unknown): string | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return undefined;
  const path = fragmentToPath(ref);
  return path.length === 2 && !path[1]!.startsWith(ELSEWHERE) ? path[1] : undefined;
}

/** A mapping value (`#/components/schemas/Cat`, or the bare name `Cat`) as the `$defs` reference a branch carries (model/self-contained.ts). */
function mappedRef(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!value.startsWith('#')) return /^[A-Za-z0-9._-]+$/.test(value) ? pathToFragment(['$defs', value]) : undefined;
  const path = fragmentToPath(value);
  return path.length === 3 && path[0] === 'components' && path[1] === 'schemas' ? pathToFragment(['$defs', path[2]!]) : undefined;
}

/**
 * A `oneOf` under a discriminator, read the discriminator's way: at least one branch matches
 * (`anyOf`), and where the discriminator's value names a branch (by `mapping`, else by the
 * component's name), that branch matches. Which other branches also match does not matter.
 */
function readNode(node: Obj): Obj {
  const d = node.discriminator;
  if (!Array.isArray(node.oneOf) || !isObj(d) || typeof d.propertyName !== 'string') return node;
  const property = d.propertyName;
  const branches = node.oneOf as unknown[];
  const refs = branches.map((b) => (isObj(b) && typeof b.$ref === 'string' ? b.$ref : undefined));
  const picks = new Map<string, string>();
  const mapped = new Set<string>();
  if (isObj(d.mapping)) {
    for (const [value, target] of Object.entries(d.mapping)) {
      const ref = mappedRef(target);
      if (ref === undefined || !refs.includes(ref)) continue;
      picks.set(value, ref);
      mapped.add(ref);
    }
  }
  // The implicit value is the component's name, unless a mapping already names that component.
  for (const ref of refs) {
    const name = componentName(ref);
    if (ref !== undefined && name !== undefined && !mapped.has(ref) && !picks.has(name)) picks.set(name, ref);
  }
  const { oneOf: _, ...rest } = node;
  const named = [...picks].map(([value, ref]) => ({ if: { properties: { [property]: { const: value } }, required: [property] }, then: { $ref: ref } }));
  return { ...rest, allOf: [...(Array.isArray(rest.allOf) ? rest.allOf : []), { anyOf: branches }, ...named] };
}

const hasDiscriminatedOneOf = (v: unknown, seen = new WeakSet<object>()): boolean => {
  if (typeof v !== 'object' || v === null || seen.has(v)) return false;
  seen.add(v);
  if (!Array.isArray(v) && Array.isArray((v as Obj).oneOf) && isObj((v as Obj).discriminator)) return true;
  return Object.values(v).some((x) => hasDiscriminatedOneOf(x, seen));
};

/** Each `$defs` entry's reading, made once: entries are components shared across a document's schemas. */
const readings = new WeakMap<object, unknown>();

/** The schema with each discriminated `oneOf` read the discriminator's way; undefined where it has none. */
export function discriminatorReading(schema: JsonSchema): JsonSchema | undefined {
  if (!isObj(schema) || !hasDiscriminatedOneOf(schema)) return undefined;
  const { $defs, ...root } = schema;
  const out = mapSchemaShared(root, readNode) as Obj;
  if (!isObj($defs)) return out;
  const defs: Obj = {};
  for (const [name, def] of Object.entries($defs)) {
    if (!isObj(def)) {
      defs[name] = def;
      continue;
    }
    let r = readings.get(def);
    if (r === undefined) readings.set(def, (r = mapSchemaShared(def, readNode)));
    defs[name] = r;
  }
  return { ...out, $defs: defs };
}

/** What a warning of this kind rests on. */
export const DISCRIMINATOR_ASSUMPTION =
  "more than one schema of this oneOf matches, and the one its discriminator names is among them: OpenAPI's Discriminator Object has the named schema used (its Cat/Dog example matches both), JSON Schema's oneOf asks that no other match";
