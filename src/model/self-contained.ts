import { resolvePointer } from '../openapi/openapi.js';
import type { JsonSchema } from './types.js';

const COMPONENT_SCHEMAS = '#/components/schemas/';

/**
 * Copy a schema out of its OpenAPI document so that it stands alone: every `$ref` to
 * `#/components/schemas/X` becomes `#/$defs/X`, with X (and what X needs) copied into `$defs`.
 * Any JSON Schema tool can then use it without the document.
 */
export function selfContained(document: unknown, schema: JsonSchema): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  const pending: string[] = [];

  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === '$ref' && typeof v === 'string') {
        out.$ref = rewriteRef(v);
      } else if (k === 'example' || k === 'examples' || k === 'x-examples' || k === 'const' || k === 'default' || k === 'enum') {
        out[k] = v; // data, not schema
      } else {
        out[k] = rewrite(v);
      }
    }
    return out;
  };

  const rewriteRef = (ref: string): string => {
    if (ref.startsWith(COMPONENT_SCHEMAS)) {
      const rest = ref.slice(COMPONENT_SCHEMAS.length);
      const name = rest.split('/')[0];
      if (!(name in defs) && !pending.includes(name)) pending.push(name);
      return `#/$defs/${rest}`;
    }
    return ref;
  };

  const root = rewrite(schema) as Record<string, unknown> | boolean;
  while (pending.length) {
    const name = pending.shift()!;
    const decoded = name.replace(/~1/g, '/').replace(/~0/g, '~');
    defs[name] = rewrite(resolvePointer(document, COMPONENT_SCHEMAS + name) ?? {}) as JsonSchema;
    void decoded;
  }
  if (typeof root === 'boolean') return root;
  // A bare top-level $ref keeps its siblings valid under 2020-12, so no wrapping is needed.
  const out: Record<string, unknown> = { $schema: 'https://json-schema.org/draft/2020-12/schema', ...root };
  if (Object.keys(defs).length) out.$defs = { ...((root.$defs as object) ?? {}), ...defs };
  return out;
}
