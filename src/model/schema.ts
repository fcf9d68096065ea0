/** Reading a self-contained schema: follow its local `$ref`s, its types, and the properties it declares (with `allOf` parts). */
import { followRefs } from '../util/pointer.js';
import { isObj, type Obj } from '../openapi/walk.js';
import type { JsonSchema } from './types.js';

export type { Obj };

/** The schema a node stands for once its local `$ref`s are followed (`{}`, anything goes, when one dangles). */
export function resolveLocal(root: JsonSchema, node: unknown): Obj {
  const { node: target } = followRefs(root, node, 10);
  return isObj(target) ? target : {};
}

/** `type` as a list: `'string'` → `['string']`, absent → `[]`. */
export function typesOf(s: Obj): string[] {
  const t = s.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

/** Properties an object schema declares, including those of its `allOf` parts (a conditional part is a rule, not a declaration). */
export function propertiesOf(root: JsonSchema, schema: Obj): { props: Obj; required: string[] } {
  const props: Obj = { ...((schema.properties as Obj) ?? {}) };
  const required = [...((schema.required as string[]) ?? [])];
  for (const part of (schema.allOf as unknown[]) ?? []) {
    const p = resolveLocal(root, part);
    if (p.if) continue;
    Object.assign(props, (p.properties as Obj) ?? {});
    required.push(...((p.required as string[]) ?? []));
  }
  return { props, required };
}
