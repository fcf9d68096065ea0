/**
 * The one schema-aware walker: which keywords hold subschemas (JSON Schema 2020-12, and the
 * OpenAPI 3.0 and 3.1 dialects) and which OpenAPI fields hold schemas, examples and references.
 *
 * Everything is decided by position, never by a key's name wherever it appears: under
 * `properties`, a property may be called `default`, `enum` or `x-examples` and is still a schema;
 * the value of the keyword `default` is data even if it looks like a schema. Data positions
 * (`default`, `const`, `enum`, `example`, `examples` of a schema, an Example Object's `value`,
 * every `x-` extension) are never entered, so a `$ref` inside one is a value, not a reference.
 */
import { appendKey, appendPointer, type Path } from '../util/pointer.js';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Keywords whose value is one subschema (`items` may also be a list: draft 2019 tuples). */
const SINGLE = ['items', 'additionalItems', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'contentSchema'];
/** Keywords whose value maps names to subschemas (`dependencies` also maps to string lists, which are data). */
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies'];
/** Keywords whose value is a list of subschemas. */
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const CONDITIONAL = new Set(['if', 'then', 'else']);
// Sets for the walks over whole documents (every key of every schema is looked up).
const SINGLE_SET = new Set(SINGLE);
const MAP_SET = new Set(MAP);
const LIST_SET = new Set(LIST);

/** Keywords of a schema that hold data (values, not schemas). Any `x-` extension is data too. */
export const DATA_KEYWORDS: readonly string[] = ['default', 'const', 'enum', 'example', 'examples'];
export const isExtension = (key: string) => key.startsWith('x-');

const SUBSCHEMA_KEYWORDS = new Set([...SINGLE, ...MAP, ...LIST]);
/** Does this keyword of a schema hold subschemas? */
export const holdsSubschemas = (keyword: string) => SUBSCHEMA_KEYWORDS.has(keyword);

const isSchema = (v: unknown) => isObj(v) || typeof v === 'boolean';

export interface Subschema {
  /** Keys from the parent schema down to the subschema, e.g. `['properties', 'default']`. */
  path: Path;
  keyword: string;
  schema: unknown;
}

/** The subschemas directly under a schema, in document order. */
export function subschemas(schema: unknown): Subschema[] {
  if (!isObj(schema)) return [];
  const out: Subschema[] = [];
  for (const [keyword, value] of Object.entries(schema)) {
    if (SINGLE_SET.has(keyword)) {
      if (Array.isArray(value)) value.forEach((s, i) => isSchema(s) && out.push({ path: [keyword, i], keyword, schema: s }));
      else if (isSchema(value)) out.push({ path: [keyword], keyword, schema: value });
    } else if (MAP_SET.has(keyword)) {
      if (isObj(value)) for (const [name, s] of Object.entries(value)) if (isSchema(s)) out.push({ path: [keyword, name], keyword, schema: s });
    } else if (LIST_SET.has(keyword)) {
      if (Array.isArray(value)) value.forEach((s, i) => isSchema(s) && out.push({ path: [keyword, i], keyword, schema: s }));
    }
  }
  return out;
}

export interface SchemaContext {
  /** JSON pointer of the schema (from where the walk started). */
  pointer: string;
  /** Inside an `if`/`then`/`else`: part of a conditional rule of the schema that holds it. */
  inConditional: boolean;
}

/** Visit a schema and every subschema (objects only; `$ref` is not followed). */
export function walkSchema(schema: unknown, visit: (node: Obj, ctx: SchemaContext) => void, pointer = '', inConditional = false): void {
  if (!isObj(schema)) return;
  visit(schema, { pointer, inConditional });
  for (const sub of subschemas(schema)) walkSchema(sub.schema, visit, sub.path.reduce<string>(appendKey, pointer), inConditional || CONDITIONAL.has(sub.keyword));
}

/**
 * A copy of a schema with every schema object (the root and each subschema) passed through `fn`,
 * innermost first. Data keywords are copied untouched, so `fn` never sees a value as a schema.
 * `drop`: keywords left out of the copy (of every schema object, never of data).
 */
export function mapSchema(schema: unknown, fn: (node: Obj) => Obj, drop?: (keyword: string, value: unknown) => boolean): unknown {
  if (!isObj(schema)) return schema;
  const out: Obj = {};
  const map = (s: unknown) => mapSchema(s, fn, drop);
  for (const [keyword, value] of Object.entries(schema)) {
    if (SINGLE_SET.has(keyword)) out[keyword] = Array.isArray(value) ? value.map(map) : map(value);
    else if (MAP_SET.has(keyword) && isObj(value)) out[keyword] = Object.fromEntries(Object.entries(value).map(([k, s]) => [k, map(s)]));
    else if (LIST_SET.has(keyword) && Array.isArray(value)) out[keyword] = value.map(map);
    else if (!drop?.(keyword, value)) out[keyword] = value;
  }
  return fn(out);
}

/**
 * mapSchema that keeps what it does not change: a node whose subschemas all come back as they
 * were, and that `fn` returns as it is, is the same object afterwards. Components shared by many
 * schemas (model/self-contained.ts) then stay shared, and compile once (validate/shared-defs.ts).
 */
export function mapSchemaShared(schema: unknown, fn: (node: Obj) => Obj): unknown {
  if (!isObj(schema)) return schema;
  let out: Obj | undefined;
  const list = (value: unknown[]) => {
    const next = value.map((s) => mapSchemaShared(s, fn));
    return next.some((s, i) => s !== value[i]) ? next : value;
  };
  for (const [keyword, value] of Object.entries(schema)) {
    let next = value;
    if (SINGLE_SET.has(keyword)) next = Array.isArray(value) ? list(value) : mapSchemaShared(value, fn);
    else if (MAP_SET.has(keyword) && isObj(value)) {
      let map: Obj | undefined;
      for (const [k, s] of Object.entries(value)) {
        const m = mapSchemaShared(s, fn);
        if (m !== s) (map ??= { ...value })[k] = m;
      }
      next = map ?? value;
    } else if (LIST_SET.has(keyword) && Array.isArray(value)) next = list(value);
    if (next !== value) (out ??= { ...schema })[keyword] = next;
  }
  return fn(out ?? schema);
}

/** Every `$ref` of a schema and its subschemas, with the pointer of the `$ref` key. */
export function schemaRefs(schema: unknown, pointer = ''): { pointer: string; ref: string }[] {
  const out: { pointer: string; ref: string }[] = [];
  walkSchema(schema, (node, ctx) => typeof node.$ref === 'string' && out.push({ pointer: appendPointer(ctx.pointer, '$ref'), ref: node.$ref }), pointer);
  return out;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** What an OpenAPI document walk reports. Every callback is optional; pointers are plain JSON pointers. */
export interface OpenApiVisitor {
  /** Every schema object: top-level ones (components, parameters, media types) and their subschemas. */
  schema?(node: Obj, ctx: SchemaContext): void;
  /** Every `$ref` where it is a reference (schemas and OpenAPI objects), never one inside data. */
  ref?(ref: string, pointer: string): void;
  operation?(node: Obj, pointer: string, method: string, path: string): void;
  /** A media type object, parameter or header: what holds a schema and examples of values. */
  holder?(node: Obj, pointer: string, kind: 'media' | 'parameter' | 'header', label: string): void;
  /** A response object written inline (under an operation) or in components. */
  response?(node: Obj, pointer: string, status: string): void;
  /** An Example Object (its `value` is data). */
  example?(node: Obj, pointer: string): void;
}

const entries = (v: unknown): [string, unknown][] => (isObj(v) ? Object.entries(v) : []);
/** Keys of the OpenAPI maps (paths, responses, callbacks) that are extensions, not entries. */
const members = (v: unknown): [string, unknown][] => entries(v).filter(([k]) => !isExtension(k));

/**
 * Walk an OpenAPI 3.0 or 3.1 document by its layout. `$ref`s are reported, never followed, so
 * each component is visited once, where it is written (that is where its line is).
 */
export function walkOpenApi(doc: unknown, visitor: OpenApiVisitor): void {
  /** A Reference Object: reported; it stands for the object, so nothing else in it is walked. */
  const reference = (node: Obj, pointer: string): boolean => {
    if (typeof node.$ref !== 'string') return false;
    visitor.ref?.(node.$ref, appendPointer(pointer, '$ref'));
    return true;
  };

  const schema = (node: unknown, pointer: string) =>
    walkSchema(node, (s, ctx) => {
      if (typeof s.$ref === 'string') visitor.ref?.(s.$ref, appendPointer(ctx.pointer, '$ref'));
      visitor.schema?.(s, ctx);
    }, pointer);

  const examples = (holder: Obj, pointer: string) => {
    for (const [name, ex] of entries(holder.examples)) exampleObject(ex, appendPointer(pointer, 'examples', name));
  };
  const exampleObject = (ex: unknown, pointer: string) => {
    if (isObj(ex) && !reference(ex, pointer)) visitor.example?.(ex, pointer);
  };

  const media = (content: unknown, pointer: string, label: string) => {
    for (const [ct, m] of entries(content)) {
      if (!isObj(m)) continue;
      const p = appendPointer(pointer, ct);
      visitor.holder?.(m, p, 'media', `${label} ${ct}`);
      schema(m.schema, appendPointer(p, 'schema'));
      examples(m, p);
      for (const [name, enc] of entries(m.encoding)) {
        for (const [h, hd] of entries(isObj(enc) ? enc.headers : undefined)) header(hd, appendPointer(p, 'encoding', name, 'headers', h), `${label} ${ct} encoding ${name} header ${h}`);
      }
    }
  };

  const valueHolder = (node: unknown, pointer: string, kind: 'parameter' | 'header', label: string) => {
    if (!isObj(node) || reference(node, pointer)) return;
    visitor.holder?.(node, pointer, kind, label);
    schema(node.schema, appendPointer(pointer, 'schema'));
    examples(node, pointer);
    media(node.content, appendPointer(pointer, 'content'), label);
  };
  const parameter = (node: unknown, pointer: string, where: string) =>
    valueHolder(node, pointer, 'parameter', `${where} parameter ${isObj(node) ? String(node.name) : ''}`.trim());
  const header = (node: unknown, pointer: string, label: string) => valueHolder(node, pointer, 'header', label);

  const response = (node: unknown, pointer: string, status: string, label: string) => {
    if (!isObj(node) || reference(node, pointer)) return;
    visitor.response?.(node, pointer, status);
    for (const [h, hd] of entries(node.headers)) header(hd, appendPointer(pointer, 'headers', h), `${label} header ${h}`);
    media(node.content, appendPointer(pointer, 'content'), label);
    for (const [name, link] of entries(node.links)) if (isObj(link)) reference(link, appendPointer(pointer, 'links', name));
  };

  const requestBody = (node: unknown, pointer: string, label: string) => {
    if (!isObj(node) || reference(node, pointer)) return;
    media(node.content, appendPointer(pointer, 'content'), label);
  };

  const callbacks = (node: unknown, pointer: string) => {
    for (const [name, cb] of entries(node)) {
      const p = appendPointer(pointer, name);
      if (!isObj(cb) || reference(cb, p)) continue;
      for (const [expr, item] of members(cb)) pathItem(item, appendPointer(p, expr), `callback ${name} ${expr}`);
    }
  };

  const pathItem = (item: unknown, pointer: string, path: string) => {
    if (!isObj(item)) return;
    // A path item's $ref may have siblings (3.1): report it and walk what is written here.
    reference(item, pointer);
    if (Array.isArray(item.parameters)) item.parameters.forEach((p, i) => parameter(p, appendPointer(pointer, 'parameters', i), path));
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const p = appendPointer(pointer, method);
      const where = `${method.toUpperCase()} ${path}`;
      visitor.operation?.(op, p, method, path);
      if (Array.isArray(op.parameters)) op.parameters.forEach((prm, i) => parameter(prm, appendPointer(p, 'parameters', i), where));
      requestBody(op.requestBody, appendPointer(p, 'requestBody'), `${where} request`);
      for (const [status, r] of members(op.responses)) response(r, appendPointer(p, 'responses', status), status, `${where} response ${status}`);
      callbacks(op.callbacks, appendPointer(p, 'callbacks'));
    }
  };

  const root = isObj(doc) ? doc : {};
  if (root.swagger === '2.0') return walkSwagger2(root, visitor, { reference, schema });
  for (const [path, item] of members(root.paths)) pathItem(item, appendPointer('', 'paths', path), path);
  for (const [name, item] of entries(root.webhooks)) pathItem(item, appendPointer('', 'webhooks', name), `webhook ${name}`);
  const c = isObj(root.components) ? root.components : {};
  for (const [name, s] of entries(c.schemas)) schema(s, appendPointer('', 'components', 'schemas', name));
  for (const [name, p] of entries(c.parameters)) parameter(p, appendPointer('', 'components', 'parameters', name), 'components');
  for (const [name, h] of entries(c.headers)) header(h, appendPointer('', 'components', 'headers', name), `header ${name}`);
  for (const [name, b] of entries(c.requestBodies)) requestBody(b, appendPointer('', 'components', 'requestBodies', name), `request body ${name}`);
  for (const [name, r] of entries(c.responses)) response(r, appendPointer('', 'components', 'responses', name), name, `response ${name}`);
  for (const [name, item] of entries(c.pathItems)) pathItem(item, appendPointer('', 'components', 'pathItems', name), `path item ${name}`);
  for (const [name, ex] of entries(c.examples)) exampleObject(ex, appendPointer('', 'components', 'examples', name));
  callbacks(c.callbacks, '/components/callbacks');
  for (const kind of ['links', 'securitySchemes']) for (const [name, v] of entries(c[kind])) if (isObj(v)) reference(v, appendPointer('', 'components', kind, name));
}

/**
 * A Swagger 2.0 document's own layout (read before it is upgraded: a document split over files is
 * joined first, openapi/external.ts): schemas under `definitions`, a body parameter's `schema`
 * and a response's `schema`; parameters and responses shared at the top level. Only references,
 * schemas, operations and responses are reported: the other visits serve the 3.1 document the
 * loader makes of it.
 */
function walkSwagger2(
  root: Obj,
  visitor: OpenApiVisitor,
  walk: { reference: (node: Obj, pointer: string) => boolean; schema: (node: unknown, pointer: string) => void },
): void {
  const parameter = (node: unknown, pointer: string) => {
    if (isObj(node) && !walk.reference(node, pointer)) walk.schema(node.schema, appendPointer(pointer, 'schema'));
  };
  const response = (node: unknown, pointer: string, status: string) => {
    if (!isObj(node) || walk.reference(node, pointer)) return;
    visitor.response?.(node, pointer, status);
    walk.schema(node.schema, appendPointer(pointer, 'schema'));
  };
  for (const [path, item] of members(root.paths)) {
    const pointer = appendPointer('', 'paths', path);
    if (!isObj(item)) continue;
    walk.reference(item, pointer);
    if (Array.isArray(item.parameters)) item.parameters.forEach((p, i) => parameter(p, appendPointer(pointer, 'parameters', i)));
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const p = appendPointer(pointer, method);
      visitor.operation?.(op, p, method, path);
      if (Array.isArray(op.parameters)) op.parameters.forEach((prm, i) => parameter(prm, appendPointer(p, 'parameters', i)));
      for (const [status, r] of members(op.responses)) response(r, appendPointer(p, 'responses', status), status);
    }
  }
  for (const [name, s] of entries(root.definitions)) walk.schema(s, appendPointer('', 'definitions', name));
  for (const [name, p] of entries(root.parameters)) parameter(p, appendPointer('', 'parameters', name));
  for (const [name, r] of entries(root.responses)) response(r, appendPointer('', 'responses', name), name);
}
