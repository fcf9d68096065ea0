/** `readOnly` and `writeOnly` by direction: a readOnly property is never required of a request, a writeOnly one never of a response. */
import { isObj, mapSchema } from '../openapi/walk.js';
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

/**
 * The schema as it applies to one direction. OpenAPI: a readOnly property "SHOULD NOT be sent as
 * part of the request" and a writeOnly one "SHOULD NOT be sent as part of the response", so where
 * either is also `required`, the requirement holds in the other direction only.
 */
export function forDirection(schema: JsonSchema, direction: 'request' | 'response'): JsonSchema {
  const flag = direction === 'request' ? 'readOnly' : 'writeOnly';
  if (typeof schema === 'boolean' || !hasFlag(schema, flag)) return schema;
  return mapSchema(schema, (node) => {
    const props = node.properties;
    if (!Array.isArray(node.required) || !isObj(props)) return node;
    const required = (node.required as string[]).filter((name) => !(isObj(props[name]) && (props[name][flag] === true || resolveLocal(schema, props[name])[flag] === true)));
    return required.length === node.required.length ? node : { ...node, required };
  }) as JsonSchema;
}
