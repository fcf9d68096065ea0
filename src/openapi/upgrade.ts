/** OpenAPI 3.0 and Swagger 2.0 documents upgraded to 3.1 (by @scalar/openapi-upgrader), with every pointer mapped back to the user's file. */
import { createRequire } from 'node:module';
import { appendKey, followRefs, pointerToPath, pathToPointer } from '../util/pointer.js';

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
const isOperationResponses = (a: string, b: string, c: string) => c === 'responses' && METHODS.has(b) && !PROPERTY_MAPS.has(a);

/**
 * The upgrader rebuilds every object, so object identity cannot carry positions through it:
 * each object carries a marker key with the number of the place it came from, and each data
 * value (an example, a default, an enum) is swapped for a token that the upgrader passes along
 * untouched. A place is its parent's number and a key, so no pointer string is built for the
 * ~100,000 nodes of a large document: one is made only when a position is asked for.
 */
class Tagger {
  /** Per place (0: the document), its parent place and its key. */
  private readonly parents: number[] = [-1];
  private readonly keyOf: string[] = [''];
  readonly stash: { value: unknown; place: number }[] = [];
  readonly keys: string[] = [];

  private place(parent: number, key: string): number {
    this.keyOf.push(key);
    return this.parents.push(parent) - 1;
  }

  /** The pointer, in the user's document, of a place. */
  pointerOf(place: number): string {
    const keys: string[] = [];
    for (let p = place; p > 0; p = this.parents[p]) keys.push(this.keyOf[p]);
    return keys.reduceRight<string>(appendKey, '');
  }

  token(value: unknown, place: number): string {
    this.stash.push({ value, place });
    return `\u0000specgate:${this.stash.length - 1}`;
  }

  /** `a`, `b`, `c`: the last three keys of the node's path, which say whether `default` is a response. */
  tag(node: unknown, place: number, a = '', b = '', c = ''): unknown {
    if (Array.isArray(node)) return node.map((v, i) => this.tag(v, this.place(place, String(i)), b, c, String(i)));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(node)) {
      const v = (node as Record<string, unknown>)[k];
      if (UPGRADER_EXTENSIONS.has(k)) out[k] = v;
      else if (k === 'default' && isOperationResponses(a, b, c)) out[k] = this.tag(v, this.place(place, k), b, c, k);
      else if (k.startsWith('x-') || DATA_KEYS.has(k)) out[k] = this.token(v, this.place(place, k));
      else if (k === 'examples' && v && typeof v === 'object' && !Array.isArray(v)) {
        // A map of Example objects (3.0) or of media type → example (2.0): each entry is data.
        const here = this.place(place, k);
        const map: Record<string, unknown> = {};
        for (const name of Object.keys(v)) map[name] = this.token((v as Record<string, unknown>)[name], this.place(here, name));
        out[k] = map;
      } else if (k === 'examples' && Array.isArray(v)) out[k] = this.token(v, this.place(place, k));
      else if (PROPERTY_MAPS.has(k) && v && typeof v === 'object' && !Array.isArray(v)) {
        const here = this.place(place, k);
        const map: Record<string, unknown> = {};
        for (const name of Object.keys(v)) {
          this.keys.push(name);
          map[`\u0000specgate-key:${this.keys.length - 1}`] = this.tag((v as Record<string, unknown>)[name], this.place(here, name), c, k, name);
        }
        out[k] = map;
      } else out[k] = this.tag(v, this.place(place, k), b, c, k);
    }
    out[MARK] = place;
    return out;
  }

  /**
   * Undo the tagging on the upgraded document. Each restored object that came from a place is
   * noted (`objects`), and so is each data value by the container and key it ended up at (`values`).
   */
  restore(node: unknown, objects: WeakMap<object, number>, values: WeakMap<object, Map<string, number>>): unknown {
    if (Array.isArray(node)) {
      const out: unknown[] = new Array<unknown>(node.length);
      for (let i = 0; i < node.length; i++) out[i] = this.restoreIn(out, String(i), node[i], objects, values);
      return out;
    }
    if (node === null || typeof node !== 'object') return node;
    const obj = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    if (typeof obj[MARK] === 'number') objects.set(out, obj[MARK]);
    for (const rawKey of Object.keys(obj)) {
      const v = obj[rawKey];
      if (rawKey === MARK || v === undefined) continue;
      const km = KEY.exec(rawKey);
      const k = km ? this.keys[Number(km[1])] : rawKey;
      out[k] = this.restoreIn(out, k, v, objects, values);
    }
    return out;
  }

  private restoreIn(container: object, key: string, v: unknown, objects: WeakMap<object, number>, values: WeakMap<object, Map<string, number>>): unknown {
    if (typeof v === 'string') {
      const m = TOKEN.exec(v);
      if (!m) return v;
      let at = values.get(container);
      if (!at) values.set(container, (at = new Map()));
      const { value, place } = this.stash[Number(m[1])];
      at.set(key, place);
      return value;
    }
    return this.restore(v, objects, values);
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
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) node[i] = nullables(node[i], tags);
    return node;
  }
  if (node === null || typeof node !== 'object') return node;
  // The tagged copy is specgate's own, so it is changed in place. Data is left alone: tokens, and
  // what the Swagger 2.0 upgrader moved out of its extensions (`x-example` into `example`), which
  // is the user's own data. A `default` that is tagged is an operation's default response.
  let obj = node as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === null || typeof v !== 'object' || UPGRADER_EXTENSIONS.has(k) || k === 'examples') continue;
    if (DATA_KEYS.has(k) && !(k === 'default' && MARK in v)) continue;
    obj[k] = nullables(v, tags);
  }
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
  // No `produces` anywhere: Swagger 2.0 then says nothing of the answers' media type, and the
  // converter's own default (application/json) would be our assumption, failing a server that
  // answers text. `*/*` keeps it open: any media type, the body still judged by its schema.
  if (doc.produces === undefined) doc.produces = ['*/*'];
  inOperations(doc);
  csvByDefault(doc);
  xExamples(doc);
  const consumes = consumesByOperation(doc);
  const needsForm = requiredForms(doc);
  const out = twoToThree(doc);
  const paths = (out.paths ?? {}) as Record<string, unknown>;
  bodiesOutOfParameters(out, consumes);
  oneSchemaPerResponse(out);
  for (const { key, op } of operationsOf(out)) if (needsForm.has(key) && isObj(op.requestBody)) op.requestBody.required = true;
  for (const [path, rest] of aside) {
    const item = paths[path];
    if (item && typeof item === 'object') Object.assign(item, rest);
  }
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const BODY_REF = /^#\/components\/requestBodies\/([^/]+)$/;
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/** Every operation object of a document (2.0 or 3.x), with its `path method` key. */
function* operationsOf(doc: Obj): Generator<{ key: string; op: Obj }> {
  for (const [path, item] of Object.entries(isObj(doc.paths) ? doc.paths : {})) {
    if (!isObj(item)) continue;
    for (const method of METHODS) if (isObj(item[method])) yield { key: `${path} ${method}`, op: item[method] };
  }
}

/** Each operation's `consumes` (its own, else the document's), by `path method`, read before the upgrader drops them. */
function consumesByOperation(doc: Obj): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { key, op } of operationsOf(doc)) {
    const consumes = Array.isArray(op.consumes) ? op.consumes : doc.consumes;
    if (Array.isArray(consumes)) out.set(key, consumes.filter((t): t is string => typeof t === 'string'));
  }
  return out;
}

/** A 2.0 parameter or response, its local `$ref` chain followed; undefined where it dangles or loops. */
function targetOf(doc: Obj, node: unknown): Obj | undefined {
  const { node: target } = followRefs(doc, node);
  return isObj(target) && typeof target.$ref !== 'string' ? target : undefined;
}

const copyOf = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * What Swagger 2.0 says of an operation but writes elsewhere, made the operation's own before the
 * upgrade, which handles it right only when written there:
 * - body and formData parameters: a `#/parameters/X` reference (through any chain) becomes a copy
 *   of its target; a path item's go to each of its operations, unless the operation overrides
 *   them (its own body; its own formData field of the same name). The upgrader gave a shared
 *   body the document's `consumes`, not the operation's; a path item's reached only the methods
 *   written after its `parameters`; and a chain left a nameless parameter.
 * - responses of an operation with its own `produces`: a `#/responses/X` reference becomes a copy,
 *   so its body is under the media types the operation produces, not the document's.
 */
function inOperations(doc: Obj): void {
  const bodyish = (p: Obj | undefined): p is Obj => p?.in === 'body' || p?.in === 'formData';
  for (const item of Object.values(isObj(doc.paths) ? doc.paths : {})) {
    if (!isObj(item)) continue;
    const pathParams = Array.isArray(item.parameters) ? item.parameters : [];
    const pathTargets = pathParams.map((p) => ({ p, target: targetOf(doc, p) }));
    const pathBodies = pathTargets.map((x) => x.target).filter(bodyish);
    if (pathBodies.length) item.parameters = pathTargets.filter((x) => !bodyish(x.target)).map((x) => x.p);
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const params = (Array.isArray(op.parameters) ? op.parameters : []).map((p) => ({ p, target: targetOf(doc, p) }));
      const own = params.filter((x) => bodyish(x.target)).map((x) => x.target!);
      const inherited = own.some((b) => b.in === 'body') ? [] : pathBodies.filter((b) => !own.some((o) => o.in === b.in && o.name === b.name) && !(own.length && b.in === 'body'));
      if (own.length || inherited.length) op.parameters = [...params.filter((x) => !bodyish(x.target)).map((x) => x.p), ...[...own, ...inherited].map(copyOf)];
      if (Array.isArray(op.produces) && isObj(op.responses)) {
        for (const [status, r] of Object.entries(op.responses)) {
          if (isObj(r) && typeof r.$ref === 'string') {
            const target = targetOf(doc, r);
            if (target) op.responses[status] = copyOf(target);
          }
        }
      }
    }
  }
}

/**
 * A formData array without `collectionFormat` is csv (`ids=1,2`), Swagger 2.0's default; the
 * upgrader keeps only a written one (as the field's `encoding`), and 3.x's own default for a form
 * field, exploded (`ids=1&ids=2`), would be a reading the document never gave. Runs after
 * inOperations, when every operation's formData parameters are its own objects.
 */
function csvByDefault(doc: Obj): void {
  for (const { op } of operationsOf(doc)) {
    for (const p of Array.isArray(op.parameters) ? op.parameters : []) {
      if (isObj(p) && p.in === 'formData' && p.type === 'array' && p.collectionFormat === undefined) p.collectionFormat = 'csv';
    }
  }
}

/**
 * A path, query or header parameter's `x-example` (Swagger 2.0 has no `example` there, so tools
 * wrote this extension, and Swagger UI reads it) becomes its `example`, which the upgrader keeps
 * (as `examples.default`) where it drops the extension: the value the document gives is sent, and
 * lint checks it. Runs before the upgrade, on shared, path-item and operation parameters alike.
 */
function xExamples(doc: Obj): void {
  const lists: unknown[] = [Object.values(isObj(doc.parameters) ? doc.parameters : {})];
  for (const item of Object.values(isObj(doc.paths) ? doc.paths : {})) if (isObj(item)) lists.push(item.parameters);
  for (const { op } of operationsOf(doc)) lists.push(op.parameters);
  for (const list of lists) {
    for (const p of Array.isArray(list) ? list : []) {
      if (isObj(p) && (p.in === 'path' || p.in === 'query' || p.in === 'header') && p['x-example'] !== undefined && p.example === undefined) p.example = p['x-example'];
    }
  }
}

/**
 * The operations (`path method`) with a required formData field: their form body cannot be left
 * out, but the upgrader writes `required` only into the body's schema, leaving the request body
 * optional (and a request without one is what a generator then sends). Runs after inOperations.
 */
function requiredForms(doc: Obj): Set<string> {
  const out = new Set<string>();
  for (const { key, op } of operationsOf(doc)) {
    if (Array.isArray(op.parameters) && op.parameters.some((p) => isObj(p) && p.in === 'formData' && p.required === true)) out.add(key);
  }
  return out;
}

/**
 * A body or formData parameter shared under 2.0's top-level `parameters` and referred to from an
 * operation becomes a component request body, but the upgrader leaves the reference in the
 * operation's `parameters` (a parameter with no name, which no request could satisfy), with the
 * document's media types, not the operation's. Each such reference is taken out and made the
 * operation's `requestBody`, under the media types the operation consumes: a path item's own
 * apply to each of its operations that has none of its own; several (one per formData field) are
 * joined, every field's schema applying (`allOf`).
 */
function bodiesOutOfParameters(out: Obj, consumes: Map<string, string[]>): void {
  const bodies = isObj(out.components) && isObj(out.components.requestBodies) ? out.components.requestBodies : {};
  const takeRefs = (holder: Obj): Obj[] => {
    if (!Array.isArray(holder.parameters)) return [];
    const refs = holder.parameters.filter((p): p is Obj => isObj(p) && typeof p.$ref === 'string' && BODY_REF.test(p.$ref));
    if (refs.length) holder.parameters = holder.parameters.filter((p) => !refs.includes(p as Obj));
    return refs;
  };
  const bodyOf = (b: Obj): Obj | undefined => {
    const name = typeof b.$ref === 'string' ? BODY_REF.exec(b.$ref)?.[1] : undefined;
    const found = name === undefined ? b : bodies[decodeURIComponent(name).replace(/~1/g, '/').replace(/~0/g, '~')];
    return isObj(found) ? found : undefined;
  };
  const contentOf = (b: Obj): Obj => (isObj(b.content) ? b.content : {});
  const joined = (all: Obj[], accepts: string[] | undefined): Obj => {
    const resolved = all.map(bodyOf).filter((b): b is Obj => b !== undefined);
    const schemas = resolved.map((b) => (Object.values(contentOf(b)).find(isObj) as Obj | undefined)?.schema).filter((x) => x !== undefined);
    const form = resolved.every((b) => Object.keys(contentOf(b)).every((t) => FORM_TYPES.has(t)));
    let types = (accepts ?? []).filter((t) => !form || FORM_TYPES.has(t));
    if (!types.length) types = [...new Set(resolved.flatMap((b) => Object.keys(contentOf(b))))];
    const schema = schemas.length === 1 ? schemas[0] : { allOf: schemas };
    return { content: Object.fromEntries(types.map((t) => [t, { schema }])), ...(resolved.some((b) => b.required === true) ? { required: true } : {}) };
  };
  for (const [path, item] of Object.entries(isObj(out.paths) ? out.paths : {})) {
    if (!isObj(item)) continue;
    const shared = takeRefs(item);
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const refs = takeRefs(op);
      const own = [...(isObj(op.requestBody) ? [op.requestBody] : []), ...refs];
      const all = own.length ? own : shared;
      // Only where a reference is involved: a body the upgrader wrote in place is right as it is.
      if (all.some((b) => typeof b.$ref === 'string')) op.requestBody = joined(all, consumes.get(`${path} ${method}`));
    }
  }
}

/**
 * A 2.0 response has one schema for every media type it answers in; its `examples` are keyed by
 * media type. The upgrader files an example's media type (application/json) beside the catch-all
 * with no schema, so a body answered in it would go unjudged: each such media type gets the schema.
 */
function oneSchemaPerResponse(out: Obj): void {
  const responses = [...Object.values(((out.components as Obj | undefined)?.responses as Obj | undefined) ?? {})];
  for (const { op } of operationsOf(out)) if (isObj(op.responses)) responses.push(...Object.values(op.responses));
  for (const r of responses) {
    if (!isObj(r) || !isObj(r.content)) continue;
    const media = Object.values(r.content).filter(isObj);
    const schema = media.find((m) => m.schema !== undefined)?.schema;
    if (schema === undefined) continue;
    for (const m of media) if (m.schema === undefined) m.schema = copyOf(schema);
  }
}

/** Upgrade a parsed Swagger 2.0 or OpenAPI 3.0.x document to OpenAPI 3.1. */
export function upgradeDocument(doc: Record<string, unknown>): Upgraded {
  const from = String(doc.openapi ?? doc.swagger);
  const { twoToThree, threeToThreeOne } = upgraders();
  const tags = new Tagger();
  let cur = tags.tag(doc, 0) as Record<string, unknown>;
  if (typeof cur.swagger === 'string') cur = twoToThreeAround(cur, twoToThree);
  cur = threeToThreeOne(nullables(cur, tags) as Record<string, unknown>);
  const objects = new WeakMap<object, number>();
  const values = new WeakMap<object, Map<string, number>>();
  const data = tags.restore(cur, objects, values) as Record<string, unknown>;
  // The deepest node on the way down that came from a known place, and the rest of the path.
  const origin = (pointer: string) => {
    const path = pointerToPath(pointer);
    let node: unknown = data;
    let place = 0;
    let depth = 0;
    for (let n = 0; n < path.length && node !== null && typeof node === 'object'; n++) {
      const valueAt = values.get(node)?.get(path[n]);
      if (valueAt !== undefined) return tags.pointerOf(valueAt) + pathToPointer(path.slice(n + 1));
      node = (node as Record<string, unknown>)[path[n]];
      const at = node !== null && typeof node === 'object' ? objects.get(node) : undefined;
      if (at !== undefined) [place, depth] = [at, n + 1];
    }
    return tags.pointerOf(place) + pathToPointer(path.slice(depth));
  };
  return { data, from, origin };
}
