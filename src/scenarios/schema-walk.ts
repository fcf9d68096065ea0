import type { JsonSchema } from '../model/types.js';
import { resolvePointer } from '../openapi/openapi.js';

export type Obj = Record<string, unknown>;

/** Follow local `$ref`s of a self-contained schema. */
export function resolveLocal(root: JsonSchema, node: unknown): Obj {
  let cur = node as Obj | undefined;
  for (let i = 0; i < 10 && cur && typeof cur.$ref === 'string'; i++) cur = resolvePointer(root, cur.$ref) as Obj | undefined;
  return cur ?? {};
}

export interface FieldInfo {
  /** Property names from the body root. */
  path: string[];
  schema: Obj;
  required: boolean;
  /** `readOnly` on the property or on what it references: the server owns it, requests leave it alone. */
  readOnly: boolean;
}

/** Properties of an object schema, including those declared in `allOf` parts. */
function propertiesOf(root: JsonSchema, schema: Obj): { props: Record<string, unknown>; required: string[] } {
  const props: Record<string, unknown> = { ...((schema.properties as Obj) ?? {}) };
  const required = [...((schema.required as string[]) ?? [])];
  for (const part of (schema.allOf as unknown[]) ?? []) {
    const p = resolveLocal(root, part);
    if (p.if) continue; // conditional parts are rules, not declarations
    Object.assign(props, (p.properties as Obj) ?? {});
    required.push(...((p.required as string[]) ?? []));
  }
  return { props, required };
}

/** Every declared field down to `depth` levels of nested objects. */
export function fields(root: JsonSchema, depth = 2): FieldInfo[] {
  const out: FieldInfo[] = [];
  const walk = (schema: Obj, path: string[], level: number) => {
    const { props, required } = propertiesOf(root, schema);
    for (const [name, raw] of Object.entries(props)) {
      const s = resolveLocal(root, raw);
      const readOnly = (raw as Obj | undefined)?.readOnly === true || s.readOnly === true;
      out.push({ path: [...path, name], schema: s, required: required.includes(name) && !readOnly, readOnly });
      const types = typesOf(s);
      if (level < depth && (types.includes('object') || s.properties)) walk(s, [...path, name], level + 1);
    }
  };
  walk(resolveLocal(root, root), [], 1);
  return out;
}

export function typesOf(s: Obj): string[] {
  const t = s.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

/** The if/then rules at the top level of a body schema (directly or inside allOf). */
export function conditionals(root: JsonSchema): { ifSchema: Obj; thenSchema: Obj; holder: Obj }[] {
  const top = resolveLocal(root, root);
  const holders = [top, ...((top.allOf as unknown[]) ?? []).map((p) => resolveLocal(root, p))];
  return holders.filter((h) => h.if && h.then).map((h) => ({ ifSchema: resolveLocal(root, h.if), thenSchema: resolveLocal(root, h.then), holder: h }));
}

export const getAt = (body: unknown, path: string[]): unknown => path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Obj)[k] : undefined), body);

/** A deep copy of `body` with `path` set (or deleted when value is `undefined`); parents are created as needed. */
export function setAt(body: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(body ?? {}) as Obj;
  let cur = copy;
  for (const k of path.slice(0, -1)) {
    if (!cur[k] || typeof cur[k] !== 'object') cur[k] = {};
    cur = cur[k] as Obj;
  }
  const last = path[path.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return copy;
}

/** Does a body satisfy a simple `if` (properties with const/enum, required)? */
export function satisfiesIf(body: unknown, ifSchema: Obj, root: JsonSchema, path: string[] = []): boolean {
  for (const name of (ifSchema.required as string[]) ?? []) if (getAt(body, [...path, name]) === undefined) return false;
  for (const [name, raw] of Object.entries((ifSchema.properties as Obj) ?? {})) {
    const s = resolveLocal(root, raw);
    const v = getAt(body, [...path, name]);
    if (v === undefined) continue; // absent properties satisfy `properties`
    if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(v)) return false;
    if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) return false;
    if (s.properties && !satisfiesIf(body, s, root, [...path, name])) return false;
  }
  return true;
}
