import { resolvePointer } from '../openapi/openapi.js';
import { pathToPointer } from '../openapi/source.js';

/**
 * A structural walk over an OpenAPI 3.1 document that yields every place the lint rules care
 * about, each with its JSON pointer. It follows the document's own layout and never follows
 * `$ref`, so a component is visited once, where it is written (that is where its line is).
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const entries = (v: unknown): [string, unknown][] => (isObj(v) ? Object.entries(v) : []);
const ptr = (base: string, ...keys: (string | number)[]) => base + pathToPointer(keys);

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface SchemaSite {
  pointer: string;
  schema: Obj;
  /** Inside an `if`/`then`/`else`: part of the conditional rule of the schema that holds it. */
  inConditional: boolean;
}

/** A media type object, parameter or header: what holds a schema and examples of values. */
export interface ValueHolderSite {
  pointer: string;
  node: Obj;
  kind: 'media' | 'parameter' | 'header';
  /** Human label, e.g. `POST /users response 400 application/json`. */
  label: string;
}

export interface ExampleObjectSite {
  pointer: string;
  node: Obj;
}

export interface OperationSite {
  pointer: string;
  method: string;
  path: string;
  node: Obj;
}

export interface ResponseSite {
  pointer: string;
  status: string;
  node: Obj;
}

export interface DocumentSites {
  schemas: SchemaSite[];
  holders: ValueHolderSite[];
  exampleObjects: ExampleObjectSite[];
  operations: OperationSite[];
  /** Response objects written inline (under an operation) or in components. */
  responses: ResponseSite[];
  /** Every `$ref` outside example values. */
  refs: { pointer: string; ref: string }[];
}

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_SINGLE = ['not', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'contains', 'propertyNames', 'contentSchema', 'items'];
const CONDITIONAL = ['if', 'then', 'else'];

export function walkDocument(doc: unknown): DocumentSites {
  const out: DocumentSites = { schemas: [], holders: [], exampleObjects: [], operations: [], responses: [], refs: [] };

  const schema = (node: unknown, pointer: string, inConditional: boolean) => {
    if (!isObj(node) || typeof node.$ref === 'string') return;
    out.schemas.push({ pointer, schema: node, inConditional });
    for (const k of SCHEMA_MAPS) for (const [name, sub] of entries(node[k])) schema(sub, ptr(pointer, k, name), inConditional);
    for (const k of SCHEMA_LISTS) if (Array.isArray(node[k])) (node[k] as unknown[]).forEach((sub, i) => schema(sub, ptr(pointer, k, i), inConditional));
    for (const k of SCHEMA_SINGLE) {
      if (Array.isArray(node[k])) (node[k] as unknown[]).forEach((sub, i) => schema(sub, ptr(pointer, k, i), inConditional));
      else schema(node[k], ptr(pointer, k), inConditional);
    }
    for (const k of CONDITIONAL) schema(node[k], ptr(pointer, k), true);
  };

  const examples = (holder: Obj, pointer: string) => {
    for (const [name, ex] of entries(holder.examples)) if (isObj(ex) && typeof ex.$ref !== 'string') out.exampleObjects.push({ pointer: ptr(pointer, 'examples', name), node: ex });
  };

  const media = (content: unknown, pointer: string, label: string) => {
    for (const [ct, m] of entries(content)) {
      if (!isObj(m)) continue;
      const p = ptr(pointer, ct);
      out.holders.push({ pointer: p, node: m, kind: 'media', label: `${label} ${ct}` });
      schema(m.schema, ptr(p, 'schema'), false);
      examples(m, p);
      for (const [name, enc] of entries(m.encoding)) for (const [h, hd] of entries((enc as Obj)?.headers)) header(hd, ptr(p, 'encoding', name, 'headers', h), `${label} ${ct} encoding ${name} header ${h}`);
    }
  };

  const valueHolder = (node: unknown, pointer: string, kind: 'parameter' | 'header', label: string) => {
    if (!isObj(node) || typeof node.$ref === 'string') return;
    out.holders.push({ pointer, node, kind, label });
    schema(node.schema, ptr(pointer, 'schema'), false);
    examples(node, pointer);
    media(node.content, ptr(pointer, 'content'), label);
  };
  const parameter = (node: unknown, pointer: string, where: string) =>
    valueHolder(node, pointer, 'parameter', `${where} parameter ${isObj(node) ? String(node.name) : ''}`.trim());
  const header = (node: unknown, pointer: string, label: string) => valueHolder(node, pointer, 'header', label);

  const response = (node: unknown, pointer: string, status: string, label: string) => {
    if (!isObj(node) || typeof node.$ref === 'string') return;
    out.responses.push({ pointer, status, node });
    for (const [h, hd] of entries(node.headers)) header(hd, ptr(pointer, 'headers', h), `${label} header ${h}`);
    media(node.content, ptr(pointer, 'content'), label);
  };

  const requestBody = (node: unknown, pointer: string, label: string) => {
    if (!isObj(node) || typeof node.$ref === 'string') return;
    media(node.content, ptr(pointer, 'content'), label);
  };

  const pathItem = (item: unknown, pointer: string, path: string) => {
    if (!isObj(item) || typeof item.$ref === 'string') return;
    if (Array.isArray(item.parameters)) item.parameters.forEach((p, i) => parameter(p, ptr(pointer, 'parameters', i), path));
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const p = ptr(pointer, method);
      const where = `${method.toUpperCase()} ${path}`;
      out.operations.push({ pointer: p, method, path, node: op });
      if (Array.isArray(op.parameters)) op.parameters.forEach((prm, i) => parameter(prm, ptr(p, 'parameters', i), where));
      requestBody(op.requestBody, ptr(p, 'requestBody'), `${where} request`);
      for (const [status, r] of entries(op.responses)) response(r, ptr(p, 'responses', status), status, `${where} response ${status}`);
    }
  };

  const root = isObj(doc) ? doc : {};
  for (const [path, item] of entries(root.paths)) pathItem(item, ptr('', 'paths', path), path);
  for (const [name, item] of entries(root.webhooks)) pathItem(item, ptr('', 'webhooks', name), `webhook ${name}`);
  const c = isObj(root.components) ? root.components : {};
  for (const [name, s] of entries(c.schemas)) schema(s, ptr('/components/schemas', name), false);
  for (const [name, p] of entries(c.parameters)) parameter(p, ptr('/components/parameters', name), `components`);
  for (const [name, h] of entries(c.headers)) header(h, ptr('/components/headers', name), `header ${name}`);
  for (const [name, b] of entries(c.requestBodies)) requestBody(b, ptr('/components/requestBodies', name), `request body ${name}`);
  for (const [name, r] of entries(c.responses)) response(r, ptr('/components/responses', name), name, `response ${name}`);
  for (const [name, item] of entries(c.pathItems)) pathItem(item, ptr('/components/pathItems', name), `path item ${name}`);
  for (const [name, ex] of entries(c.examples)) if (isObj(ex) && typeof ex.$ref !== 'string') out.exampleObjects.push({ pointer: ptr('/components/examples', name), node: ex });

  collectRefs(root, '', out.refs);
  return out;
}

/** Keys whose values are data, where a `$ref` key is just data too. */
const DATA_KEYS = new Set(['example', 'examples', 'value', 'default', 'enum', 'const', 'x-examples']);

function collectRefs(node: unknown, pointer: string, out: { pointer: string; ref: string }[]): void {
  if (Array.isArray(node)) return node.forEach((v, i) => collectRefs(v, ptr(pointer, i), out));
  if (!isObj(node)) return;
  if (typeof node.$ref === 'string') out.push({ pointer: ptr(pointer, '$ref'), ref: node.$ref });
  for (const [k, v] of Object.entries(node)) {
    // `examples` is data in a schema (an array) but a map of Example objects (which may be $refs) elsewhere.
    if (DATA_KEYS.has(k) && !(k === 'examples' && isObj(v))) continue;
    if (k === 'examples' && isObj(v)) {
      for (const [name, ex] of Object.entries(v)) if (isObj(ex) && typeof ex.$ref === 'string') out.push({ pointer: ptr(pointer, k, name, '$ref'), ref: ex.$ref });
      continue;
    }
    collectRefs(v, ptr(pointer, k), out);
  }
}

/** Follow `$ref`s (local only) from a node; undefined if one dangles. */
export function deref(doc: unknown, node: unknown): { node: unknown; pointer?: string } {
  let cur = node;
  let pointer: string | undefined;
  for (let i = 0; i < 20 && isObj(cur) && typeof cur.$ref === 'string'; i++) {
    const ref = cur.$ref;
    if (!ref.startsWith('#')) return { node: undefined };
    pointer = ref.slice(1);
    cur = resolvePointer(doc, ref);
  }
  return { node: cur, pointer };
}

export { isObj, ptr };
