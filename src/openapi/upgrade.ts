/** OpenAPI 3.0 and Swagger 2.0 documents upgraded to 3.1 (by @scalar/openapi-upgrader), with every pointer mapped back to the user's file. */
import { createRequire } from 'node:module';
import { appendKey, pointerToPath, pathToPointer } from '../util/pointer.js';

// Loaded only when a document needs it: 3.1 documents (the bundled ones) never pay for it.
const require = createRequire(import.meta.url);
type Upgrade = (doc: Record<string, unknown>) => Record<string, unknown>;
const upgraders = () => ({
  twoToThree: (require('@scalar/openapi-upgrader/2.0-to-3.0') as { upgradeFromTwoToThree: Upgrade }).upgradeFromTwoToThree,
  threeToThreeOne: (require('@scalar/openapi-upgrader/3.0-to-3.1') as { upgradeFromThreeToThreeOne: Upgrade }).upgradeFromThreeToThreeOne,
});

export interface Upgraded {
  data: Record<string, unknown>;
  /** The version the user's document declared (`3.0.3`, `2.0`). */
  from: string;
  /** A pointer into the upgraded document → the pointer of what it came from in the user's document. */
  origin(pointer: string): string;
}

const MARK = 'x-specgate-origin';
const TOKEN = /^\u0000specgate:(\d+)$/;
const KEY = /^\u0000specgate-key:(\d+)$/;
/** Values that are data, not document structure: the upgrader must not rewrite what is inside them. */
const DATA_KEYS = new Set(['example', 'default', 'enum', 'const', 'value']);
/** Maps whose keys are names chosen by the author (a property may well be called `example`). */
const PROPERTY_MAPS = new Set(['properties', 'patternProperties']);
/** Swagger 2.0 extensions the upgrader itself reads. */
const UPGRADER_EXTENSIONS = new Set(['x-example', 'x-examples', 'x-nullable']);
/** Schema keywords that only describe: they stay outside the `anyOf` that a 3.0 `nullable` becomes. */
const ANNOTATIONS = new Set(['title', 'description', 'readOnly', 'writeOnly', 'deprecated', 'example', 'default', 'externalDocs', 'xml', 'discriminator', MARK]);

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
/** An operation's Responses object, where `default` is a response (the upgrader must see it), not a schema's default value. */
const isOperationResponses = (path: string[]) => path.at(-1) === 'responses' && METHODS.has(path.at(-2) ?? '') && !PROPERTY_MAPS.has(path.at(-3) ?? '');

/**
 * The upgrader rebuilds every object, so object identity cannot carry positions through it:
 * each object carries its original pointer in a marker key instead, and each data value (an
 * example, a default, an enum) is swapped for a token that the upgrader passes along untouched.
 */
class Tagger {
  readonly stash: { value: unknown; origin: string }[] = [];
  readonly keys: string[] = [];

  token(value: unknown, origin: string): string {
    this.stash.push({ value, origin });
    return `\u0000specgate:${this.stash.length - 1}`;
  }

  /** `tail`: the last keys of the path (up to three), which say whether `default` is a response. */
  tag(node: unknown, pointer: string, tail: string[] = []): unknown {
    if (Array.isArray(node)) return node.map((v, i) => this.tag(v, appendKey(pointer, i), [...tail.slice(-2), String(i)]));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      const here = appendKey(pointer, k);
      const next = [...tail.slice(-2), k];
      if (UPGRADER_EXTENSIONS.has(k)) out[k] = v;
      else if (k === 'default' && isOperationResponses(tail)) out[k] = this.tag(v, here, next);
      else if (k.startsWith('x-') || DATA_KEYS.has(k)) out[k] = this.token(v, here);
      else if (k === 'examples' && v && typeof v === 'object' && !Array.isArray(v)) {
        // A map of Example objects (3.0) or of media type → example (2.0): each entry is data.
        out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([name, ex]) => [name, this.token(ex, appendKey(here, name))]));
      } else if (k === 'examples' && Array.isArray(v)) out[k] = this.token(v, here);
      else if (PROPERTY_MAPS.has(k) && v && typeof v === 'object' && !Array.isArray(v)) {
        out[k] = Object.fromEntries(
          Object.entries(v as Record<string, unknown>).map(([name, s]) => {
            this.keys.push(name);
            return [`\u0000specgate-key:${this.keys.length - 1}`, this.tag(s, appendKey(here, name), [k, name])];
          }),
        );
      } else out[k] = this.tag(v, here, next);
    }
    out[MARK] = pointer;
    return out;
  }

  /** Undo the tagging on the upgraded document, recording where each tagged thing ended up. */
  restore(node: unknown, pointer: string, origins: Map<string, string>): unknown {
    if (typeof node === 'string') {
      const m = TOKEN.exec(node);
      if (!m) return node;
      const { value, origin } = this.stash[Number(m[1])];
      origins.set(pointer, origin);
      return value;
    }
    if (Array.isArray(node)) return node.map((v, i) => this.restore(v, appendKey(pointer, i), origins));
    if (node === null || typeof node !== 'object') return node;
    const obj = node as Record<string, unknown>;
    if (typeof obj[MARK] === 'string') origins.set(pointer, obj[MARK] as string);
    const out: Record<string, unknown> = {};
    for (const [rawKey, v] of Object.entries(obj)) {
      if (rawKey === MARK || v === undefined) continue;
      const km = KEY.exec(rawKey);
      const k = km ? this.keys[Number(km[1])] : rawKey;
      out[k] = this.restore(v, appendKey(pointer, k), origins);
    }
    return out;
  }

  value(token: unknown): unknown {
    const m = typeof token === 'string' ? TOKEN.exec(token) : null;
    return m ? this.stash[Number(m[1])].value : token;
  }
}

/**
 * OpenAPI 3.0 `nullable: true` where the upgrader cannot turn it into a type array: beside a
 * `$ref` or a composition (common in 3.0 documents, though 3.0 itself ignores `$ref` siblings).
 * specgate reads it as the author meant it: null is allowed too. An enum gains null as well.
 */
function nullables(node: unknown, tags: Tagger): unknown {
  if (Array.isArray(node)) return node.map((v) => nullables(v, tags));
  if (node === null || typeof node !== 'object') return node;
  let obj = Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, nullables(v, tags)]));
  const flag = obj.nullable ?? obj['x-nullable'];
  if (typeof flag !== 'boolean') return obj;
  delete obj['x-nullable'];
  if (!flag) {
    delete obj.nullable;
    return obj;
  }
  const en = tags.value(obj.enum);
  if (Array.isArray(en) && !en.includes(null)) obj.enum = [...en, null];
  if (obj.type !== undefined) {
    obj.nullable = true; // the upgrader turns it into `type: [T, 'null']`
    return obj;
  }
  delete obj.nullable;
  const inner: Record<string, unknown> = {};
  const outer: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) (ANNOTATIONS.has(k) || k.startsWith('x-') ? outer : inner)[k] = v;
  if (!Object.keys(inner).length) return outer; // nothing constrains it, so null is allowed already
  obj = { ...outer, anyOf: [inner, { type: 'null' }] };
  return obj;
}

/** The keys of a Swagger 2.0 path item that the 2.0 upgrader rewrites. */
const PATH_ITEM_KEYS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'parameters']);

/**
 * The 2.0 upgrader takes every other key of a path item for an operation, and writes a path-level
 * body parameter into it as its `requestBody`: an extension (or the origin marker) is a string, so
 * that throws. Those keys wait outside while it runs and are put back unchanged.
 */
function twoToThreeAround(doc: Record<string, unknown>, twoToThree: Upgrade): Record<string, unknown> {
  const aside = new Map<string, Record<string, unknown>>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, unknown>)) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
    const rest: Record<string, unknown> = {};
    for (const k of Object.keys(item)) {
      if (PATH_ITEM_KEYS.has(k)) continue;
      rest[k] = (item as Record<string, unknown>)[k];
      delete (item as Record<string, unknown>)[k];
    }
    aside.set(path, rest);
  }
  const out = twoToThree(doc);
  const paths = (out.paths ?? {}) as Record<string, unknown>;
  for (const [path, rest] of aside) {
    const item = paths[path];
    if (item && typeof item === 'object') Object.assign(item, rest);
  }
  return out;
}

/** Upgrade a parsed Swagger 2.0 or OpenAPI 3.0.x document to OpenAPI 3.1. */
export function upgradeDocument(doc: Record<string, unknown>): Upgraded {
  const from = String(doc.openapi ?? doc.swagger);
  const { twoToThree, threeToThreeOne } = upgraders();
  const tags = new Tagger();
  let cur = tags.tag(doc, '') as Record<string, unknown>;
  if (typeof cur.swagger === 'string') cur = twoToThreeAround(cur, twoToThree);
  cur = threeToThreeOne(nullables(cur, tags) as Record<string, unknown>);
  const origins = new Map<string, string>();
  const data = tags.restore(cur, '', origins) as Record<string, unknown>;
  const origin = (pointer: string) => {
    const path = pointerToPath(pointer);
    for (let n = path.length; n >= 0; n--) {
      const hit = origins.get(pathToPointer(path.slice(0, n)));
      if (hit !== undefined) return hit + pathToPointer(path.slice(n));
    }
    return pointer;
  };
  return { data, from, origin };
}
