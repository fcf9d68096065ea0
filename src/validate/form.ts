/**
 * An application/x-www-form-urlencoded body read as the object it spells. OpenAPI serialises each
 * property of such a body like a query parameter, by its `encoding` entry (style `form`, exploded,
 * by default), so each is read back with the parameter reader and typed by its schema. Fields no
 * property names stay text, for `additionalProperties` to judge as in any body.
 */
import type { JsonSchema, MediaModel } from '../model/types.js';
import { propertiesOf, resolveLocal, type Obj } from '../model/schema.js';
import { isJsonMedia, mediaType } from '../util/media.js';
import { appendPointer } from '../util/pointer.js';
import { tooDeep } from '../util/depth.js';
import { explodeOf, itemsOf, propertyOf, readParameter, shapeOf, styleOf } from './params.js';

export const isUrlencoded = (contentType: string | undefined) => mediaType(contentType) === 'application/x-www-form-urlencoded';

export interface FormReading {
  value: Record<string, unknown>;
  /**
   * Where OpenAPI defines no serialisation: a value nested inside a field, or a field whose
   * encoding names a content type. Read as JSON text (what `check` sends) when it is; a finding
   * there rests on that reading, not on the document.
   */
  guessed: string[];
}

/** The schema a field no property declares is judged by: a matching patternProperties one, else additionalProperties. */
export function extraSchema(body: Obj, name: string): JsonSchema {
  for (const [pattern, s] of Object.entries((body.patternProperties as Obj | undefined) ?? {})) {
    try {
      if (new RegExp(pattern, 'u').test(name)) return s as JsonSchema;
    } catch {
      // A pattern JavaScript cannot read types nothing: the field stays text.
    }
  }
  return typeof body.additionalProperties === 'object' && body.additionalProperties !== null ? (body.additionalProperties as JsonSchema) : {};
}

/** The object or array a text spells as JSON; undefined when it spells none (or nests deeper than any reader survives). */
function jsonOf(text: string): object | undefined {
  if (tooDeep(text)) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Values inside a field that still are text where the schema wants an object or an array: JSON, if they spell it. */
function nested(root: JsonSchema, node: unknown, value: unknown, pointer: string, guessed: string[]): unknown {
  const inner = (n: unknown, v: unknown, at: string): unknown => {
    if (typeof v !== 'string' || shapeOf(root, n) === 'primitive') return nested(root, n, v, at, guessed);
    guessed.push(at);
    return jsonOf(v) ?? v;
  };
  if (Array.isArray(value)) return value.map((v, i) => inner(itemsOf(root, node), v, `${pointer}/${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, inner(propertyOf(root, node, k), v, appendPointer(pointer, k))]));
  }
  return value;
}

/** The body `text` as the value the media type's schema and encoding make of it. */
export function readForm(text: string, media: MediaModel): FormReading {
  const root = media.schema ?? {};
  // No prototype: a field may well be called `constructor` or `__proto__`.
  const query = Object.create(null) as Record<string, string[]>;
  for (const [k, v] of new URLSearchParams(text)) (query[k] ??= []).push(v);
  const body = resolveLocal(root, root);
  const { props } = propertiesOf(root, body);
  const names = [...props.keys()];
  const entries: [string, unknown][] = [];
  const guessed: string[] = [];
  const taken = new Set<string>();
  for (const [name, node] of props) {
    const e = media.encoding?.[name] ?? {};
    const p = { name, in: 'query' as const, required: false, schema: node as JsonSchema, style: e.style, explode: e.explode };
    let value = readParameter(p, { query }, names.filter((n) => n !== name), root);
    if (value === undefined) continue;
    const exploded = shapeOf(root, node) === 'object' && (styleOf(p) === 'deepObject' || (styleOf(p) === 'form' && explodeOf(p)));
    // The fields it was read from: an exploded object's are its own keys, not its name.
    if (exploded) for (const k of Object.keys(value as object)) taken.add(styleOf(p) === 'deepObject' ? `${name}[${k}]` : k);
    else taken.add(name);
    const pointer = appendPointer('', name);
    if (e.contentType) {
      guessed.push(pointer);
      // JSON text when it is; else the style's reading stands.
      const json = isJsonMedia(e.contentType) && query[name]?.length === 1 ? jsonOf(query[name][0]!) : undefined;
      if (json) value = json;
    }
    entries.push([name, nested(root, node, value, pointer, guessed)]);
  }
  for (const k of Object.keys(query)) {
    if (taken.has(k) || props.has(k)) continue;
    entries.push([k, readParameter({ name: k, in: 'query', required: false, schema: extraSchema(body, k) }, { query }, [], root)]);
  }
  return { value: Object.fromEntries(entries), guessed };
}
