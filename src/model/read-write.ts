/** `readOnly` and `writeOnly` by direction: a readOnly property is never required of a request, a writeOnly one never of a response. */
import { isObj, mapSchema } from '../openapi/walk.js';
import { resolveLocal } from './schema.js';
import type { JsonSchema } from './types.js';

/**
 * The schema as it applies to one direction. OpenAPI: a readOnly property "SHOULD NOT be sent as
 * part of the request" and a writeOnly one "SHOULD NOT be sent as part of the response", so where
 * either is also `required`, the requirement holds in the other direction only.
 */
export function forDirection(schema: JsonSchema, direction: 'request' | 'response'): JsonSchema {
  const flag = direction === 'request' ? 'readOnly' : 'writeOnly';
  if (typeof schema === 'boolean' || !JSON.stringify(schema).includes(`"${flag}":true`)) return schema;
  return mapSchema(schema, (node) => {
    const props = node.properties;
    if (!Array.isArray(node.required) || !isObj(props)) return node;
    const required = (node.required as string[]).filter((name) => !(isObj(props[name]) && (props[name][flag] === true || resolveLocal(schema, props[name])[flag] === true)));
    return required.length === node.required.length ? node : { ...node, required };
  }) as JsonSchema;
}
