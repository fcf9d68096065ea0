/**
 * JSON Schema dialects: which ones specgate reads. OpenAPI 3.1 lets a document name the default
 * dialect of its Schema Objects (`jsonSchemaDialect`), and "the `$schema` keyword MAY be present in
 * any root Schema Object, and if present MUST be used to determine which dialect should be used
 * when processing the schema" (Schema Object, Specifying Schema Dialects). The dialect decides
 * what keywords mean (draft-07's `items: [...]`, draft-04's boolean `exclusiveMaximum`): a schema
 * written for another one and read as 2020-12 would pass or fail values its author never meant
 * to. specgate validates with Ajv's 2020-12 class only, so another dialect is refused with its
 * file and line, never read as if it were 2020-12. (Supporting draft-07 and 2019-09 would mean
 * a second Ajv class through compile, cache and shared components; draft-04 a new dependency.)
 */
import { appendPointer } from '../util/pointer.js';
import { walkOpenApi } from './walk.js';

export const JSON_SCHEMA_2020 = 'https://json-schema.org/draft/2020-12/schema';
/** OpenAPI 3.1's own dialect: 2020-12 with the OpenAPI vocabulary (`discriminator`, `xml`, `example`...), all of which specgate's Ajv knows. */
const OAS_DIALECT = 'https://spec.openapis.org/oas/3.1/dialect/base';

/** 2020-12 and OpenAPI 3.1's dialect (`base`, or a dated release of it), an empty fragment allowed. */
export const readableDialect = (uri: string): boolean =>
  /^https:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/.test(uri) || /^https:\/\/spec\.openapis\.org\/oas\/3\.1\/dialect\/(base|\d{4}-\d{2}-\d{2})#?$/.test(uri);

/** Where a document names a dialect specgate does not read, and what it says there. */
export interface UnreadDialect {
  pointer: string;
  message: string;
}

/** Every `jsonSchemaDialect` and Schema Object `$schema` of a document (3.x, as loaded) naming a dialect specgate does not read. */
export function unreadDialects(doc: unknown): UnreadDialect[] {
  const out: UnreadDialect[] = [];
  const say = (what: string, uri: string) => `${what} '${uri}' is a JSON Schema dialect specgate does not read (it reads ${JSON_SCHEMA_2020} and OpenAPI 3.1's ${OAS_DIALECT})`;
  const d = doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>).jsonSchemaDialect : undefined;
  if (typeof d === 'string' && !readableDialect(d)) out.push({ pointer: '/jsonSchemaDialect', message: say('jsonSchemaDialect', d) });
  walkOpenApi(doc, {
    schema(node, ctx) {
      // A non-string `$schema` is left to the meta-schema check, which refuses it.
      if (typeof node.$schema === 'string' && !readableDialect(node.$schema)) out.push({ pointer: appendPointer(ctx.pointer, '$schema'), message: say('$schema', node.$schema) });
    },
  });
  return out;
}

/**
 * OpenAPI 3.0 and Swagger 2.0 Schema Objects have no `$schema` (each version fixes its own JSON
 * Schema reading, which the upgrade carries over to 2020-12): one a tool left in such a document
 * says nothing about how to read the schema, so after the upgrade it is dropped, not refused.
 */
export function dropDialects(doc: unknown): void {
  walkOpenApi(doc, {
    schema(node) {
      if ('$schema' in node) delete node.$schema;
    },
  });
}
