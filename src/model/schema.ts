/** Reading a self-contained schema: follow its local `$ref`s, its types, and what it declares (properties with `allOf` parts, items), by the walker's positions. */
import { followRefs } from '../util/pointer.js';
import { isObj, subschemas, type Obj } from '../openapi/walk.js';
import type { JsonSchema } from './types.js';

export type { Obj };

/** The schema a node stands for once its local `$ref`s are followed (`{}`, anything goes, when one dangles). */
export function resolveLocal(root: JsonSchema, node: unknown): Obj {
  const { node: target } = followRefs(root, node, 10);
  return isObj(target) ? target : {};
}

/**
 * An enum its document declares open: `x-speakeasy-unknown-values: allow` (Speakeasy's mark, common
 * in generated and published documents) says values beyond the list may come, so one that does is
 * no fault the document states.
 */
export const isOpenEnum = (s: unknown): boolean => isObj(s) && s['x-speakeasy-unknown-values'] === 'allow';
export const OPEN_ENUM_ASSUMPTION = 'the document marks this enum open (x-speakeasy-unknown-values: allow): a value beyond the list may come';

/** `type` as a list: `'string'` → `['string']`, absent → `[]`. */
export function typesOf(s: Obj): string[] {
  const t = s.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

/** The subschemas a schema holds under one keyword (`properties` by name, `allOf` by index...), from the one walker. */
const under = (schema: Obj, keyword: string) => subschemas(schema).filter((s) => s.keyword === keyword);

/** The names a schema's `required` lists (strings only). */
export const requiredOf = (schema: Obj): string[] => (Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);

/**
 * Properties an object schema declares, including those of its `allOf` parts (a conditional part
 * is a rule, not a declaration). Only positions count: a property may be called `default`,
 * `enum` or `constructor` and is still a property; nothing is inherited from `Object.prototype`.
 */
export function propertiesOf(root: JsonSchema, schema: Obj): { props: Map<string, unknown>; required: string[] } {
  const props = new Map<string, unknown>();
  const required = requiredOf(schema);
  // The first declaration wins: an allOf part that names a declared property again only adds a
  // rule to it (a not-null assumption), it does not replace the full declaration.
  const declare = (s: Obj) => {
    for (const p of under(s, 'properties')) if (!props.has(String(p.path[1]))) props.set(String(p.path[1]), p.schema);
  };
  declare(schema);
  for (const part of under(schema, 'allOf')) {
    const p = resolveLocal(root, part.schema);
    if (p.if) continue;
    declare(p);
    required.push(...requiredOf(p));
  }
  return { props, required };
}

/** The schema of an array's elements (`items`, or the first of `prefixItems`), `{}` when it says nothing. */
export function itemsOf(schema: Obj): unknown {
  const items = under(schema, 'items')[0] ?? under(schema, 'prefixItems')[0];
  return items?.schema ?? {};
}
