/** Self-contained schemas: a schema copied out of its OpenAPI document with the components it needs under `$defs`. */
import { fragmentToPath, pathToFragment, pathToPointer, resolvePointer } from '../util/pointer.js';
import { mapSchema, type Obj } from '../openapi/walk.js';
import type { JsonSchema } from './types.js';

/**
 * Copy a schema out of its OpenAPI document so that it stands alone: every `$ref` to
 * `#/components/schemas/X` becomes `#/$defs/X`, with X (and what X needs) copied into `$defs`.
 * Any JSON Schema tool can then use it without the document. Only references in schema
 * positions are rewritten (the walker's rule): a `$ref` inside an example or a default is data.
 */
export function selfContained(document: unknown, schema: JsonSchema): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  const pending: string[] = [];

  const rewriteRef = (node: Obj): Obj => {
    if (typeof node.$ref !== 'string') return node;
    const path = fragmentToPath(node.$ref);
    if (!node.$ref.startsWith('#') || path[0] !== 'components' || path[1] !== 'schemas' || path.length < 3) return node;
    const name = path[2];
    if (!(name in defs) && !pending.includes(name)) pending.push(name);
    return { ...node, $ref: pathToFragment(['$defs', ...path.slice(2)]) };
  };
  const rewrite = (s: unknown) => mapSchema(s, rewriteRef) as JsonSchema;

  const root = rewrite(schema) as Obj | boolean;
  while (pending.length) {
    const name = pending.shift()!;
    defs[name] = {}; // taken before its own references are rewritten: a recursive schema is copied once
    defs[name] = rewrite(resolvePointer(document, pathToPointer(['components', 'schemas', name])) ?? {});
  }
  if (typeof root === 'boolean') return root;
  // A bare top-level $ref keeps its siblings valid under 2020-12, so no wrapping is needed.
  const out: Obj = { $schema: 'https://json-schema.org/draft/2020-12/schema', ...root };
  if (Object.keys(defs).length) out.$defs = { ...((root.$defs as object) ?? {}), ...defs };
  return out;
}
