/** The fields a request body schema declares (down to nested objects), its if/then rules, and reading or writing a body at a path. */
import type { JsonSchema } from '../model/types.js';
import { propertiesOf, requiredOf, resolveLocal, typesOf, type Obj } from '../model/schema.js';
import { subschemas } from '../openapi/walk.js';

export interface FieldInfo {
  /** Property names from the body root. */
  path: string[];
  schema: Obj;
  required: boolean;
  /** `readOnly` on the property or on what it references: the server owns it, requests leave it alone. */
  readOnly: boolean;
  /** The object schema that declares the field (and its `required`). */
  parent: Obj;
}

/** Every declared field down to `depth` levels of nested objects. */
export function fields(root: JsonSchema, depth = 2): FieldInfo[] {
  const out: FieldInfo[] = [];
  const walk = (schema: Obj, path: string[], level: number) => {
    const { props, required } = propertiesOf(root, schema);
    for (const [name, raw] of props) {
      const s = resolveLocal(root, raw);
      const readOnly = (raw as Obj | undefined)?.readOnly === true || s.readOnly === true;
      out.push({ path: [...path, name], schema: s, required: required.includes(name) && !readOnly, readOnly, parent: schema });
      if (level < depth && (typesOf(s).includes('object') || propertiesOf(root, s).props.size)) walk(s, [...path, name], level + 1);
    }
  };
  walk(resolveLocal(root, root), [], 1);
  return out;
}

/** The if/then rules at the top level of a body schema (directly or inside allOf). */
export function conditionals(root: JsonSchema): { ifSchema: Obj; thenSchema: Obj; holder: Obj }[] {
  const top = resolveLocal(root, root);
  const holders = [top, ...subschemas(top).filter((s) => s.keyword === 'allOf').map((p) => resolveLocal(root, p.schema))];
  return holders.filter((h) => h.if && h.then).map((h) => ({ ifSchema: resolveLocal(root, h.if), thenSchema: resolveLocal(root, h.then), holder: h }));
}

const own = (o: unknown, k: string): unknown => (o && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k) ? (o as Obj)[k] : undefined);

/** The value of a body at a path of property names (own properties only), or undefined. */
export const getAt = (body: unknown, path: string[]): unknown => path.reduce<unknown>((o, k) => own(o, k), body);

/** A deep copy of `body` with `path` set (or deleted when value is `undefined`); parents are created as needed. */
export function setAt(body: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(body ?? {}) as Obj;
  let cur = copy;
  for (const k of path.slice(0, -1)) {
    const next = own(cur, k);
    if (!next || typeof next !== 'object') Object.defineProperty(cur, k, { value: {}, enumerable: true, writable: true, configurable: true });
    cur = cur[k] as Obj;
  }
  const last = path[path.length - 1];
  if (value === undefined) delete cur[last];
  else Object.defineProperty(cur, last, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Does a body satisfy a simple `if` (required, and top-level properties with const/enum)? */
export function satisfiesIf(body: unknown, ifSchema: Obj, root: JsonSchema): boolean {
  if (requiredOf(ifSchema).some((name) => getAt(body, [name]) === undefined)) return false;
  for (const p of subschemas(ifSchema).filter((s) => s.keyword === 'properties')) {
    const s = resolveLocal(root, p.schema);
    const v = getAt(body, [String(p.path[1])]);
    if (v === undefined) continue; // absent properties satisfy `properties`
    if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(v)) return false;
    if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) return false;
  }
  return true;
}
