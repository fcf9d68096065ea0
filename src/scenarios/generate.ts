/** Values generated from a schema (Redocly's openapi-sampler, deterministic) where the document gives no example, kept only when they validate. */
import { createRequire } from 'node:module';
import type { sample as Sample } from 'openapi-sampler';
import type { JsonSchema } from '../model/types.js';
import type { ValidateFn } from '../validate/compile.js';

// Loaded on first use: the bundled APIs' requests all come from examples, so most checks never
// generate a value, and evaluating the sampler costs ~30 ms of every start.
let sampler: typeof Sample | undefined;
const sample: typeof Sample = (...args) => (sampler ??= (createRequire(import.meta.url)('openapi-sampler') as { sample: typeof Sample }).sample)(...args);

/**
 * The sampler says some things on console.warn whatever `quiet` is ("allOf: schemas with different
 * types can't be merged"): bare lines on specgate's stderr. What it samples is validated anyway,
 * so they are kept, and said only as part of the reason when the value does not validate.
 * The sampler is synchronous: nothing else writes while console.warn is borrowed.
 */
function sampleNoting(notes: string[], ...args: Parameters<typeof Sample>): unknown {
  const warn = console.warn;
  console.warn = (...parts: unknown[]) => void notes.push(parts.map(String).join(' '));
  try {
    return sample(...args);
  } finally {
    console.warn = warn;
  }
}

/**
 * The schema with each untyped content schema (`{contentMediaType: application/pdf}`, what a 3.0
 * `format: binary` becomes in 3.1) typed as a string: the sampler makes `null` of one, which a file
 * part would carry as the four bytes `null`. Its text is what the validator still judges.
 */
function typedContent(node: unknown): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (SCHEMA_MAPS.has(k) && v && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v).map(([n, s]) => [n, typedContent(s)]));
    else if (SCHEMA_LISTS.has(k) && Array.isArray(v)) out[k] = v.map(typedContent);
    else out[k] = SCHEMA_KEYS.has(k) ? typedContent(v) : v;
  }
  return ('contentMediaType' in out || 'contentEncoding' in out) && out.type === undefined ? { ...out, type: 'string' } : out;
}
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_KEYS = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties']);

export type Generated = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * A value for a request (readOnly properties left out): the smallest first (required properties
 * only), then a fuller one. Whatever is sent must validate against the schema itself, so a sample
 * the generator got wrong (an exclusive bound, a pattern it cannot meet) is never sent.
 */
export function generateRequestValue(schema: JsonSchema, validate: ValidateFn | undefined, options: { parameter?: boolean } = {}): Generated {
  let last = 'no sample';
  const notes: string[] = [];
  const sampled = JSON.stringify(schema).includes('"content') ? (typedContent(schema) as JsonSchema) : schema;
  for (const skipNonRequired of [true, false]) {
    let value: unknown;
    try {
      value = sampleNoting(notes, sampled as never, { skipReadOnly: true, skipNonRequired, quiet: true, enablePatterns: true }, sampled as object);
    } catch (e) {
      last = (e as Error).message;
      continue;
    }
    // An object parameter with no required property samples as `{}`, which serializes to nothing
    // (`pagination=`): a parameter takes the fuller sample, with the properties' own examples.
    if (options.parameter && skipNonRequired && isEmptyObject(value)) continue;
    if (!validate || validate(value)) return { ok: true, value };
    const err = validate.errors?.[0];
    last = err ? `${err.instancePath || '/'} ${err.message}` : 'does not validate';
  }
  const said = [...new Set(notes)];
  return { ok: false, reason: `a value generated from the schema does not validate against it (${last}${said.length ? `; the generator: ${said.join('; ')}` : ''})` };
}

const isEmptyObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;
