/**
 * Verdict-only code without error objects. Ajv's `allErrors: false` still builds an error object
 * (instance path, schema path, keyword, params) at every place a schema can fail: for a 3 MB
 * document, 2.6 of the 8.6 MB of generated code, all of it parsed by V8 and none of it read, since
 * a verdict-only validator's errors are never shown (compile.ts compiles the full one for that).
 *
 * Ajv leaves the objects out where a subschema is compiled with `createErrors: false` (it does so
 * itself under `not`). This keyword compiles its value that way, as a one-branch `allOf`: the
 * same checks, the same evaluated properties and items, only each error is `{}`. Errors are still
 * counted, so `anyOf`, `oneOf` and `if` decide as before.
 */
import type { CodeKeywordDefinition, KeywordCxt } from 'ajv';
import { isObj, walkSchema, type Obj } from '../openapi/walk.js';

export const QUIET_KEYWORD = 'specgate:quiet';

/** The keyword's definition, for `ajv.addKeyword` (ajv.ts, verdict-only Ajvs). */
export const quietKeyword: CodeKeywordDefinition = {
  keyword: QUIET_KEYWORD,
  schemaType: ['object', 'boolean'],
  code(cxt: KeywordCxt) {
    const valid = cxt.gen.name('valid');
    const sub = cxt.subschema({ keyword: QUIET_KEYWORD, createErrors: false }, valid);
    cxt.ok(valid);
    cxt.mergeEvaluated(sub);
  },
};

/**
 * Keywords that give a schema resource an identity or a dynamic scope. Ajv finds them only where
 * it knows a position holds a schema, and under this keyword it does not: a schema using any of
 * them is compiled as it is.
 */
const IDENTITY = ['$id', '$anchor', '$dynamicAnchor', '$dynamicRef', '$recursiveAnchor', '$recursiveRef'];

/**
 * Can this schema be compiled under the quiet keyword? Not where it uses an identity keyword, nor
 * where a reference points into the schema itself (`#/properties/a` would then miss): references
 * to `#/$defs/` are relinked to registered entries (shared-defs.ts) before it is compiled.
 */
export function canQuiet(schema: unknown): schema is Obj {
  if (!isObj(schema)) return false;
  let ok = true;
  walkSchema(schema, (node) => {
    if (!ok) return;
    if (IDENTITY.some((k) => Object.hasOwn(node, k))) ok = false;
    else if (typeof node.$ref === 'string' && node.$ref.startsWith('#') && !node.$ref.startsWith('#/$defs/')) ok = false;
  });
  return ok;
}

/** The schema with its keywords moved under the quiet keyword; `$schema` stays at the root. */
export function quiet(schema: Obj): Obj {
  const { $schema, ...rest } = schema;
  return $schema === undefined ? { [QUIET_KEYWORD]: rest } : { $schema, [QUIET_KEYWORD]: rest };
}

/** A JSON pointer's path into a schema that `quiet` moved. */
export const quietPath = (path: readonly string[]): string[] => [QUIET_KEYWORD, ...path];
