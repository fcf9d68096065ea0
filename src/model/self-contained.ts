/** Self-contained schemas: a schema copied out of its OpenAPI document with the components it needs under `$defs`. */
import { fragmentToPath, pathToFragment, pathToPointer, resolvePointer } from '../util/pointer.js';
import { isObj, mapSchema, subschemas, type Obj } from '../openapi/walk.js';
import type { JsonSchema } from './types.js';
import { JSON_SCHEMA_2020, readableDialect } from '../openapi/dialect.js';

/**
 * Copy a schema out of its OpenAPI document so that it stands alone: every `$ref` to
 * `#/components/schemas/X` becomes `#/$defs/X`, with X (and what X needs) copied into `$defs`.
 * Any JSON Schema tool can then use it without the document. Only references in schema
 * positions are rewritten (the walker's rule): a `$ref` inside an example or a default is data.
 */
/** Per document: each component copied once (its refs rewritten) and the components it names, shared by every schema taken from that document. */
const copies = new WeakMap<object, Map<string, { schema: JsonSchema; needs: string[] }>>();

/** Per document: where each `$anchor` of `components.schemas` is (the path below `components/schemas`). */
const anchorIndex = new WeakMap<object, Map<string, string[]>>();
const ANCHOR_REF = /^#[A-Za-z_][-A-Za-z0-9._]*$/;

function anchorsOf(document: unknown): Map<string, string[]> {
  if (!isObj(document)) return new Map();
  let hit = anchorIndex.get(document);
  if (!hit) {
    const found = new Map<string, string[]>();
    // An anchor under a schema with an `$id` of its own belongs to that resource, not to the document.
    const visit = (node: unknown, path: string[]) => {
      if (!isObj(node) || typeof node.$id === 'string') return;
      if (typeof node.$anchor === 'string' && !found.has(node.$anchor)) found.set(node.$anchor, path);
      for (const sub of subschemas(node)) visit(sub.schema, [...path, ...sub.path.map(String)]);
    };
    const schemas = (document.components as Obj | undefined)?.schemas;
    for (const [name, schema] of Object.entries(isObj(schemas) ? schemas : {})) visit(schema, [name]);
    anchorIndex.set(document, (hit = found));
  }
  return hit;
}

/**
 * `#/components/schemas/X...` → `#/$defs/X...`, noting X; an anchor reference (`#point`, OpenAPI
 * 3.1 resolves it in the document) → the pointer of the component place bearing `$anchor: point`.
 * Any other `$ref` is left alone.
 */
function rewriteRef(node: Obj, needs: string[], anchors: Map<string, string[]>, document: unknown): Obj {
  if (typeof node.$ref !== 'string' || !node.$ref.startsWith('#')) return node;
  const anchored = ANCHOR_REF.test(node.$ref) ? anchors.get(node.$ref.slice(1)) : undefined;
  const path = anchored ? ['components', 'schemas', ...anchored] : fragmentToPath(node.$ref);
  if (path[0] === 'components' && path[1] === 'schemas' && path.length >= 3) {
    if (!needs.includes(String(path[2]))) needs.push(String(path[2]));
    return { ...node, $ref: pathToFragment(['$defs', ...path.slice(2)]) };
  }
  // A pointer to a schema anywhere else in the document (`#/schemas/Pet`, a schema under `paths`):
  // JSON Reference allows any, so its target is copied under `$defs` by its pointer.
  if (anchored || path.length === 0 || resolvePointer(document, pathToPointer(path)) === undefined) return node;
  const name = `${ELSEWHERE}${pathToPointer(path)}`;
  if (!needs.includes(name)) needs.push(name);
  return { ...node, $ref: pathToFragment(['$defs', name]) };
}

/** The `$defs` names of schemas copied from outside `components/schemas`: this prefix, then their JSON pointer. */
export const ELSEWHERE = '@';

/** Where in the document a `$defs` entry of a self-contained schema was copied from. */
export const defPointer = (name: string): string => (name.startsWith(ELSEWHERE) ? name.slice(ELSEWHERE.length) : pathToPointer(['components', 'schemas', name]));

export function selfContained(document: unknown, schema: JsonSchema): JsonSchema {
  const memo = document !== null && typeof document === 'object' ? (copies.get(document) ?? copies.set(document, new Map()).get(document)!) : new Map<string, { schema: JsonSchema; needs: string[] }>();
  const anchors = anchorsOf(document);
  // The same component object in every schema of the document: validators can compile it once
  // (validate/shared-defs.ts), and a large document is not copied once per operation.
  const copyOf = (name: string) => {
    let hit = memo.get(name);
    if (!hit) {
      const needs: string[] = [];
      hit = { schema: mapSchema(resolvePointer(document, defPointer(name)) ?? {}, (n) => rewriteRef(n, needs, anchors, document)) as JsonSchema, needs };
      memo.set(name, hit);
    }
    return hit;
  };
  const pending: string[] = [];
  const root = mapSchema(schema, (n) => rewriteRef(n, pending, anchors, document)) as Obj | boolean;
  const defs: Record<string, JsonSchema> = {};
  while (pending.length) {
    const name = pending.shift()!;
    if (name in defs) continue; // a recursive schema is copied once
    const c = copyOf(name);
    defs[name] = c.schema;
    for (const n of c.needs) if (!(n in defs)) pending.push(n);
  }
  if (typeof root === 'boolean') return root;
  // A bare top-level $ref keeps its siblings valid under 2020-12, so no wrapping is needed.
  const out: Obj = { $schema: JSON_SCHEMA_2020, ...root };
  // A root's own `$schema` is one the loader reads (openapi/dialect.ts): OpenAPI 3.1's dialect is
  // 2020-12 to Ajv, which knows no meta-schema by that name.
  if (typeof out.$schema === 'string' && readableDialect(out.$schema)) out.$schema = JSON_SCHEMA_2020;
  if (Object.keys(defs).length) out.$defs = { ...((root.$defs as object) ?? {}), ...defs };
  return out;
}
