/**
 * Keywords no verdict depends on, left out of the verdict-only validators (validate/compile.ts).
 * They are most of a real document's bytes (long descriptions, examples), and each costs Ajv a
 * schema check and a keyword pass: a verdict-only validator compiles ~10% faster without them.
 */
import { isExtension } from '../openapi/walk.js';

/**
 * JSON Schema 2020-12 meta-data and OpenAPI's own schema keywords (ajv.ts registers the latter as
 * annotations), each with the type its value must have where the 2020-12 meta-schema asks for one.
 * A value of another type stays in, so Ajv's schema check judges it as it does for the full
 * validator: leaving keywords out never turns a schema error into none.
 */
const ANNOTATIONS: Readonly<Record<string, 'string' | 'boolean' | 'array' | 'any'>> = {
  title: 'string',
  description: 'string',
  $comment: 'string',
  deprecated: 'boolean',
  readOnly: 'boolean',
  writeOnly: 'boolean',
  examples: 'array',
  default: 'any',
  example: 'any',
  xml: 'any',
  externalDocs: 'any',
  discriminator: 'any',
  nullable: 'any',
};

/** Is this keyword of a schema object an annotation that can be left out (mapSchema's `drop`)? */
export function isAnnotation(key: string, value: unknown): boolean {
  if (isExtension(key)) return true; // any value: registered as an annotation keyword
  const type = Object.hasOwn(ANNOTATIONS, key) ? ANNOTATIONS[key] : undefined;
  if (type === undefined) return false;
  return type === 'any' || (type === 'array' ? Array.isArray(value) : typeof value === type);
}
