/**
 * Response bodies of the contracts: the documented example turned into Pact matchers guided by
 * the response schema, so that any implementation that conforms to the spec passes, and only
 * what the scenario really asserts is pinned exactly (the overlay: the error identity and the
 * scenario's `bodyMatches`).
 *
 * Rules, in order (each one is "do not over-constrain"):
 * - only required properties are kept (a conforming provider may leave optional ones out), and
 *   only those a source makes required (not those an `x-assumed: [required]` marks);
 * - nullable properties are left out where the example shows null or nothing (a conforming
 *   provider may answer null for them), matched by type where the example fills them;
 * - leaves are matched by type, enums and patterns by regex, uuids by the uuid matcher,
 *   `integer` by integer, `number` by number (Mangopay's Unix-seconds dates are ints or floats);
 * - arrays by type on their first element, with a minimum only where a source sets minItems;
 * - overlay values exactly (`equal`), or by `fromProviderState` when they name a state value.
 */
import { MatchersV3 as M } from '@pact-foundation/pact';
import type { JsonSchema } from '../model/types.js';
import { linearPattern } from '../validate/regex.js';
import { itemsOf, propertiesOf, resolveLocal, typesOf, type Obj } from '../model/schema.js';
import { resolveString, type ValueSources } from './placeholders.js';
import { provenanceOfNode } from '../model/provenance.js';

/** Marks an overlay array: "some element matches this" (Qonto: some errors[].code is the documented one). */
export const CONTAINS = Symbol('contains');
export type Overlay = { [k: string]: Overlay | unknown } | { [CONTAINS]: Overlay };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The same uuid shape for the Pact core's regex engine (no flags there). */
const UUID_PACT = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A value for a required field the example lacks (Qonto's 200 has no example at all). */
export function synthesize(root: JsonSchema, raw: unknown): unknown {
  const s = resolveLocal(root, raw);
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  const xEx = s['x-examples'] as Obj | undefined;
  if (xEx && typeof xEx === 'object' && Object.keys(xEx).length) return xEx[Object.keys(xEx).sort()[0]];
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  const types = typesOf(s).filter((t) => t !== 'null');
  const type = types[0] ?? (s.properties ? 'object' : s.items ? 'array' : 'string');
  switch (type) {
    case 'object': {
      const { props, required } = propertiesOf(root, s);
      return Object.fromEntries(required.filter((k) => props.has(k)).map((k) => [k, synthesize(root, props.get(k))]));
    }
    case 'array':
      return s.items || s.prefixItems ? [synthesize(root, itemsOf(s))] : [];
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return true;
    default:
      if (s.format === 'uuid') return '3f2b8c1e-7d4a-4e6b-9c21-5a8f0d3e7b64';
      if (s.format === 'date-time') return '2024-04-03T12:00:00Z';
      if (s.format === 'email') return 'someone@example.com';
      if (s.format === 'uri') return 'https://example.com/';
      return 'string';
  }
}

function leaf(s: Obj, value: unknown): unknown {
  const types = typesOf(s);
  if (typeof value === 'string') {
    // A nullable enum lists null too: a string value is matched against the strings.
    const names = Array.isArray(s.enum) ? s.enum.filter((e) => e !== null) : [];
    if (names.length && names.every((e) => typeof e === 'string') && names.includes(value)) {
      return M.regex(`^(${(names as string[]).map(escapeRe).join('|')})$`, value);
    }
    if (typeof s.pattern === 'string') {
      try {
        // Linear time; a pattern RE2 cannot run (lookaround) the Pact core's regex crate cannot either.
        if (linearPattern(s.pattern)?.test(value)) return M.regex(s.pattern, value);
      } catch {
        // a pattern JavaScript cannot read: fall back to the type
      }
    }
    if (s.format === 'uuid' && UUID.test(value)) return M.uuid(value);
    return M.like(value);
  }
  if (typeof value === 'number') {
    if (types.includes('integer') && !types.includes('number') && Number.isInteger(value)) return M.integer(value);
    return M.number(value);
  }
  if (typeof value === 'boolean') return M.boolean(value);
  return M.like(value);
}

function exact(v: unknown, src: ValueSources, s: Obj = {}): unknown {
  if (typeof v === 'string') {
    const r = resolveString(v, src);
    if (typeof r === 'string') return M.equal(r);
    // A state-made value is matched by type; where the schema gives it a format uuid, by that
    // format too (the Qonto bank_account.id the state hands out and the answer echoes).
    if (s.format === 'uuid' && isPlainObject(r) && r['pact:generator:type'] === 'ProviderState') {
      return { ...r, 'pact:matcher:type': 'regex', regex: UUID_PACT };
    }
    return r;
  }
  if (v === null) return M.nullValue();
  return M.equal(v);
}

const isPlainObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface MatcherContext {
  src: ValueSources;
  /** JSON pointers of the required-but-nullable properties left out (the consumer test allows their absence). */
  dropped: string[];
}

/** The matcher tree for a response body (or part of it) at JSON pointer `ptr`. */
export function bodyMatchers(root: JsonSchema, raw: unknown, value: unknown, overlay: unknown, ctx: MatcherContext, ptr = ''): unknown {
  const { src } = ctx;
  const s = resolveLocal(root, raw);
  if (overlay !== undefined && !isPlainObject(overlay)) return exact(overlay, src, s);
  if (isPlainObject(value) || (value === undefined && isPlainObject(overlay))) {
    const obj = (value ?? {}) as Obj;
    const ov = (overlay ?? {}) as Obj & { [CONTAINS]?: Overlay };
    const { props, required } = propertiesOf(root, s);
    // A key only an assumption makes required (`x-assumed: [required]`) may be absent from a
    // faithful answer: the contract does not ask for it (unless the overlay pins it).
    const certain = required.filter((k) => !provenanceOfNode(s, 'required', k)?.assumption);
    const keys = [...new Set([...certain, ...Object.keys(ov)])].sort();
    const out: Obj = {};
    for (const k of keys) {
      const childRaw = props.get(k) ?? {};
      const child = resolveLocal(root, childRaw);
      const childOverlay = Object.hasOwn(ov, k) ? ov[k] : undefined;
      const own = Object.hasOwn(obj, k) ? obj[k] : undefined;
      if (childOverlay === undefined) {
        // Null in the example, or nullable with no value to show, or undeclared (no schema to say
        // what conforms): leave out. A nullable key the example fills (Mangopay `errors` as an
        // object, an OWNER's PendingUserAction) is kept and matched by the example's type.
        if ((typesOf(child).includes('null') && (own === undefined || own === null)) || Object.keys(child).length === 0 || own === null) {
          ctx.dropped.push(`${ptr}/${k}`);
          continue;
        }
      }
      const childValue = own !== undefined ? own : childOverlay === undefined || isPlainObject(childOverlay) ? synthesize(root, childRaw) : undefined;
      out[k] = bodyMatchers(root, childRaw, childValue, childOverlay, ctx, `${ptr}/${k}`);
    }
    return out;
  }
  if (Array.isArray(value)) {
    const items = itemsOf(s);
    const ov = overlay as { [CONTAINS]?: Overlay } | undefined;
    if (ov?.[CONTAINS]) {
      // The documented element first (the one carrying the identity), else a synthesized one.
      const wanted = ov[CONTAINS] as Obj;
      const el = value.find((e) => isPlainObject(e) && Object.entries(wanted).every(([k, w]) => e[k] === w)) ?? synthesize(root, items);
      return M.arrayContaining(bodyMatchers(root, items, el, wanted, ctx, `${ptr}/0`));
    }
    if (!value.length) return M.like([]);
    // The example's element shows what items look like, not that there must be one: only a
    // source-backed minItems sets a minimum (Udara360's `errors` minItems 1 is x-assumed).
    const min = typeof s.minItems === 'number' && !provenanceOfNode(s, 'minItems')?.assumption ? s.minItems : 0;
    return M.atLeastLike(bodyMatchers(root, items, value[0], undefined, ctx, `${ptr}/0`), min, Math.max(1, min));
  }
  if (value === undefined || value === null) return value === null ? M.nullValue() : M.like(synthesize(root, raw));
  return leaf(s, value);
}
