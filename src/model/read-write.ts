/**
 * `readOnly` and `writeOnly` by direction: a readOnly property is never required of a request, a
 * writeOnly one never of a response (OpenAPI 3.0's rule; in a 3.1 document specgate's reading, so
 * what a server does with a body that leaves one out is allowed either way: readOnlyLeftOut).
 */
import { isObj, mapSchemaShared, type Obj } from '../openapi/walk.js';
import { itemsOf, propertiesOf, resolveLocal } from './schema.js';
import type { ApiModel, JsonSchema } from './types.js';
import { appendKey } from '../util/pointer.js';

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

/**
 * The readOnly properties a request body leaves out although `required` lists them, as pointers
 * into the body, where that can matter: in a 3.1 document. OpenAPI 3.0 says such a `required`
 * "will take effect on the response only" (Schema Object, readOnly); 3.1 dropped the sentence, and
 * `required` keeps its plain meaning there. A 3.0 or 2.0 document (upgraded on load) gives none.
 */
export function readOnlyLeftOut(model: ApiModel, schema: JsonSchema | undefined, body: unknown): string[] {
  if (model.upgradedFrom !== undefined || schema === undefined || typeof schema === 'boolean' || !hasFlag(schema, 'readOnly')) return [];
  const out: string[] = [];
  const isReadOnly = (raw: unknown) => isObj(raw) && (raw.readOnly === true || resolveLocal(schema, raw).readOnly === true);
  // Along the body, so only what it holds is entered: a recursive schema ends where the value does.
  const walk = (node: unknown, value: unknown, at: string): void => {
    const s = resolveLocal(schema, node);
    if (Array.isArray(value)) return value.forEach((v, i) => walk(itemsOf(s), v, appendKey(at, i)));
    if (!isObj(value)) return;
    const { props, required } = propertiesOf(schema, s);
    for (const name of new Set(required)) if (!Object.hasOwn(value, name) && isReadOnly(props.get(name))) out.push(appendKey(at, name));
    for (const [name, raw] of props) if (Object.hasOwn(value, name)) walk(raw, value[name], appendKey(at, name));
  };
  walk(schema, body, '');
  return out;
}

/** Why a 4xx to such a body is an answer the sources allow; `who` left the properties out ("specgate", "the client"). */
export function readOnlyLeftOutAssumption(left: string[], who: string): string {
  const list = left.map((p) => `\`${p}\``).join(', ');
  return `${who} left the readOnly propert${left.length > 1 ? 'ies' : 'y'} ${list} out of the request body, though \`required\` lists ${left.length > 1 ? 'them' : 'it'}: OpenAPI 3.1 keeps \`required\` for readOnly properties (3.0 applied it "on the response only"), while a readOnly value is the server's to manage, so a server may reject such a body or accept it`;
}
