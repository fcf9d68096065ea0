/** `readOnly` and `writeOnly` by direction: a readOnly property is never required of a request, a writeOnly one never of a response. */
import { isObj, mapSchemaShared, type Obj } from '../openapi/walk.js';
import { resolveLocal } from './schema.js';
import type { JsonSchema } from './types.js';

/** Per flag, whether a schema object holds `flag: true` anywhere: components are shared objects (self-contained.ts), so each is searched once. */
const flagged = { readOnly: new WeakMap<object, boolean>(), writeOnly: new WeakMap<object, boolean>() };
function hasFlag(node: unknown, flag: 'readOnly' | 'writeOnly'): boolean {
  if (node === null || typeof node !== 'object') return false;
  const memo = flagged[flag];
  const hit = memo.get(node);
  if (hit !== undefined) return hit;
  const found = Array.isArray(node) ? node.some((v) => hasFlag(v, flag)) : (node as Record<string, unknown>)[flag] === true || Object.values(node).some((v) => hasFlag(v, flag));
  memo.set(node, found);
  return found;
}

/** Per flag, each `$defs` entry's form for that direction (itself where nothing changes). */
const variants = { readOnly: new WeakMap<object, Obj>(), writeOnly: new WeakMap<object, Obj>() };

/**
 * The schema as it applies to one direction. OpenAPI: a readOnly property "SHOULD NOT be sent as
 * part of the request" and a writeOnly one "SHOULD NOT be sent as part of the response", so where
 * either is also `required`, the requirement holds in the other direction only.
 */
export function forDirection(schema: JsonSchema, direction: 'request' | 'response'): JsonSchema {
  const flag = direction === 'request' ? 'readOnly' : 'writeOnly';
  if (typeof schema === 'boolean' || !hasFlag(schema, flag)) return schema;
  const fix = (node: Obj): Obj => {
    const props = node.properties;
    if (!Array.isArray(node.required) || !isObj(props)) return node;
    const required = (node.required as string[]).filter((name) => !(isObj(props[name]) && (props[name][flag] === true || resolveLocal(schema, props[name])[flag] === true)));
    return required.length === node.required.length ? node : { ...node, required };
  };
  const { $defs, ...root } = schema;
  const out = mapSchemaShared(root, fix) as Obj;
  if (!isObj($defs)) return out === root ? schema : out;
  // A `$defs` entry is one component of the document, the same object in every schema that
  // reaches it, so its form for a direction is made once and shared too: request and response
  // validators of a 3 MB document compile 260 components plus those that differ, not one copy each.
  const memo = variants[flag];
  let defs: Obj | undefined;
  for (const [name, def] of Object.entries($defs)) {
    if (!isObj(def)) continue;
    let v = memo.get(def);
    if (v === undefined) memo.set(def, (v = mapSchemaShared(def, fix) as Obj));
    if (v !== def) (defs ??= { ...$defs })[name] = v;
  }
  return out === root && !defs ? schema : { ...out, $defs: defs ?? $defs };
}
