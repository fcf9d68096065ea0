/**
 * OpenAPI parameter serialisation by `style` and `explode`: wire strings to values (then typed by
 * the schema, `$ref`s followed) for validation, and values to wire strings for building requests.
 */
import type { JsonSchema, ParameterModel } from '../model/types.js';
import { resolveLocal, typesOf, type Obj } from '../model/schema.js';

export type Style = 'simple' | 'label' | 'matrix' | 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
export type Shape = 'array' | 'object' | 'primitive';

/** The defaults of OpenAPI 3.x: form (exploded) for query and cookie, simple for path and header. */
export const styleOf = (p: ParameterModel): Style => (p.style as Style | undefined) ?? (p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple');
export const explodeOf = (p: ParameterModel): boolean => p.explode ?? styleOf(p) === 'form';

/** Every type a schema allows, looking through `$ref` and the branches of anyOf/oneOf/allOf. */
function allTypes(root: JsonSchema, node: unknown, depth = 0): Set<string> {
  const s = resolveLocal(root, node);
  const out = new Set(typesOf(s));
  if (!out.size) {
    if (s.items !== undefined || s.prefixItems !== undefined) out.add('array');
    if (s.properties !== undefined) out.add('object');
    if ('const' in s) out.add(s.const === null ? 'null' : typeof s.const);
    if (Array.isArray(s.enum)) for (const e of s.enum) out.add(e === null ? 'null' : Number.isInteger(e) ? 'integer' : typeof e);
  }
  if (depth < 5) for (const k of ['anyOf', 'oneOf', 'allOf']) for (const b of (s[k] as unknown[]) ?? []) for (const t of allTypes(root, b, depth + 1)) out.add(t);
  return out;
}

export function shapeOf(root: JsonSchema, node: unknown): Shape {
  const t = allTypes(root, node);
  if (t.has('array') && !t.has('string')) return 'array';
  if (t.has('object') && !t.has('string')) return 'object';
  return 'primitive';
}

/** A sub-schema of an array's items or an object's property, for typing its values. */
export function itemsOf(root: JsonSchema, node: unknown): unknown {
  const s = resolveLocal(root, node);
  return s.items ?? {};
}
export function propertyOf(root: JsonSchema, node: unknown, name: string): unknown {
  const s = resolveLocal(root, node);
  const direct = (s.properties as Obj | undefined)?.[name];
  if (direct !== undefined) return direct;
  for (const part of (s.allOf as unknown[]) ?? []) {
    const p = (resolveLocal(root, part).properties as Obj | undefined)?.[name];
    if (p !== undefined) return p;
  }
  return typeof s.additionalProperties === 'object' ? s.additionalProperties : {};
}

/**
 * A wire string as the value it spells for this schema: `"5"` is 5 where only numbers are
 * allowed, but stays `"5"` where a string is; a string that spells nothing allowed stays a string
 * (and fails validation for the right reason).
 */
function typed(root: JsonSchema, node: unknown, value: string): unknown {
  const t = allTypes(root, node);
  if (!t.size || t.has('string')) return value;
  if ((t.has('integer') || t.has('number')) && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (t.has('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (t.has('null') && (value === 'null' || value === '')) return null;
  return value;
}

function typedDeep(root: JsonSchema, node: unknown, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => typedDeep(root, itemsOf(root, node), v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typedDeep(root, propertyOf(root, node, k), v)]));
  }
  return typeof value === 'string' ? typed(root, node, value) : value;
}

const pairs = (parts: string[]): Record<string, string> => {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) out[parts[i]] = parts[i + 1];
  return out;
};
const keyValues = (parts: string[]): Record<string, string> =>
  Object.fromEntries(parts.filter(Boolean).map((kv) => {
    const i = kv.indexOf('=');
    return i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
  }));

/** One string (path, header, cookie, a non-exploded query value) split by the style's delimiters. */
function splitString(p: ParameterModel, shape: Shape, raw: string): unknown {
  const style = styleOf(p);
  const explode = explodeOf(p);
  let s = raw;
  if (style === 'label') s = s.replace(/^\./, '');
  if (style === 'matrix') {
    // ;id=5  ;id=1,2  ;id=1;id=2  ;R=100;G=200 (exploded object)
    const parts = s.split(';').filter(Boolean);
    if (shape === 'object' && explode) return keyValues(parts);
    const values = parts.map((x) => (x.startsWith(`${p.name}=`) ? x.slice(p.name.length + 1) : x));
    if (shape === 'array') return explode ? values : (values[0] ?? '').split(',');
    if (shape === 'object') return pairs((values[0] ?? '').split(','));
    return values[0] ?? '';
  }
  const sep = style === 'label' && explode ? '.' : style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',';
  if (shape === 'array') return s === '' ? [] : s.split(sep);
  if (shape === 'object') return explode && style !== 'form' ? keyValues(s.split(sep)) : pairs(s.split(sep));
  return s;
}

export interface RawParams {
  path?: Record<string, string>;
  query?: Record<string, string | string[]>;
  header?: (name: string) => string | undefined;
}

/** The Cookie header as name → value. */
export function cookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/**
 * A parameter's value as the request carries it, deserialised by style/explode and typed by its
 * schema; `undefined` when the request does not carry it. `others` are the names of the
 * operation's other query parameters (an exploded object takes the rest of the query). `root` is
 * the schema `p.schema` sits in, for its `$ref`s (a form field's schema is a property of the body's).
 */
export function readParameter(p: ParameterModel, raw: RawParams, others: string[] = [], root: JsonSchema = p.schema): unknown {
  const node = p.schema;
  if (p.contentJson) {
    const q = p.in === 'query' ? raw.query?.[p.name] : undefined;
    const s = p.in === 'query' ? (Array.isArray(q) ? q[0] : q) : p.in === 'path' ? raw.path?.[p.name] : p.in === 'header' ? raw.header?.(p.name) : cookies(raw.header?.('cookie'))[p.name];
    if (s === undefined) return undefined;
    try {
      return JSON.parse(s);
    } catch {
      return s;
    }
  }
  const shape = shapeOf(root, node);
  let value: unknown;
  if (p.in === 'query') {
    const q = raw.query ?? {};
    const style = styleOf(p);
    const all = (k: string) => (q[k] === undefined ? [] : Array.isArray(q[k]) ? (q[k] as string[]) : [q[k] as string]);
    if (shape === 'object' && style === 'deepObject') {
      const prefix = `${p.name}[`;
      const entries = Object.keys(q).filter((k) => k.startsWith(prefix) && k.endsWith(']'));
      if (!entries.length) return undefined;
      value = Object.fromEntries(entries.map((k) => [k.slice(prefix.length, -1), all(k)[0]]));
    } else if (shape === 'object' && explodeOf(p) && style === 'form') {
      const declared = Object.keys((resolveLocal(root, node).properties as Obj | undefined) ?? {});
      const keys = Object.keys(q).filter((k) => (declared.length ? declared.includes(k) : !others.includes(k)));
      if (!keys.length) return undefined;
      value = Object.fromEntries(keys.map((k) => [k, all(k)[0]]));
    } else {
      const values = all(p.name);
      if (!values.length) return undefined;
      value = shape === 'array' && explodeOf(p) && style === 'form' ? values : splitString(p, shape, values[0]);
    }
  } else {
    const s = p.in === 'path' ? raw.path?.[p.name] : p.in === 'header' ? raw.header?.(p.name) : cookies(raw.header?.('cookie'))[p.name];
    if (s === undefined) return undefined;
    value = splitString(p, shape, s);
  }
  return typedDeep(root, node, value);
}

const str = (v: unknown) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * A value serialised the way the parameter's style/explode says: a string for path, header and
 * cookie (the cookie's value only), and query entries (an exploded object spreads over several keys).
 */
export function serializeParameter(p: ParameterModel, value: unknown): string | Record<string, string | string[]> {
  if (p.contentJson) return p.in === 'query' ? { [p.name]: JSON.stringify(value) } : JSON.stringify(value);
  const style = styleOf(p);
  const explode = explodeOf(p);
  const isArr = Array.isArray(value);
  const isObject = value !== null && typeof value === 'object' && !isArr;
  const flat = (o: Record<string, unknown>, kv: boolean, sep: string) => Object.entries(o).map(([k, v]) => (kv ? `${k}=${str(v)}` : `${k}${sep}${str(v)}`)).join(sep);
  if (p.in === 'query') {
    if (isArr) {
      const items = (value as unknown[]).map(str);
      if (style === 'form' && explode) return { [p.name]: items };
      return { [p.name]: items.join(style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',') };
    }
    if (isObject) {
      const o = value as Record<string, unknown>;
      if (style === 'deepObject') return Object.fromEntries(Object.entries(o).map(([k, v]) => [`${p.name}[${k}]`, str(v)]));
      if (explode) return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, str(v)]));
      return { [p.name]: flat(o, false, ',') };
    }
    return { [p.name]: str(value) };
  }
  if (style === 'label') {
    if (isArr) return '.' + (value as unknown[]).map(str).join(explode ? '.' : ',');
    if (isObject) return '.' + flat(value as Record<string, unknown>, explode, explode ? '.' : ',');
    return '.' + str(value);
  }
  if (style === 'matrix') {
    if (isArr) return explode ? (value as unknown[]).map((v) => `;${p.name}=${str(v)}`).join('') : `;${p.name}=${(value as unknown[]).map(str).join(',')}`;
    if (isObject) return explode ? Object.entries(value as Record<string, unknown>).map(([k, v]) => `;${k}=${str(v)}`).join('') : `;${p.name}=${flat(value as Record<string, unknown>, false, ',')}`;
    return `;${p.name}=${str(value)}`;
  }
  if (isArr) return (value as unknown[]).map(str).join(',');
  if (isObject) return flat(value as Record<string, unknown>, explode, ',');
  return str(value);
}

/** RFC 3986 reserved characters `allowReserved` lets through; `&`, `#`, `+` and `%` stay encoded, or the query would read differently. */
const RESERVED_AS_IS = ":/?[]@!$'()*,;=";

/**
 * The characters of a parameter's wire value that go as they are, not percent-encoded: the
 * delimiters its style writes. OpenAPI's style table (after RFC 6570) writes them literally, and a
 * server that splits before it decodes reads `a%2Cb` as one item. A primitive keeps none of them
 * (in a simple-style value a comma is data). Headers and cookies are not percent-encoded at all.
 */
export function literalChars(p: ParameterModel): string {
  if (p.contentJson || p.in === 'header' || p.in === 'cookie') return '';
  const style = styleOf(p);
  const structured = shapeOf(p.schema, p.schema) !== 'primitive';
  let keep = '';
  if (p.in === 'path') {
    if (style === 'matrix') keep = structured ? ';=,' : ';=';
    else if (structured) keep = ',=';
  } else if (structured && style === 'pipeDelimited') keep = '|';
  else if (structured && style === 'form' && !explodeOf(p)) keep = ',';
  return p.allowReserved ? keep + RESERVED_AS_IS : keep;
}

/** Per parameter name, the characters its wire value sends as they are (only those that keep any). */
export function literalsOf(parameters: readonly ParameterModel[], where: 'path' | 'query'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parameters) {
    if (p.in !== where) continue;
    const keep = literalChars(p);
    if (keep) out[p.name] = keep;
  }
  return out;
}
