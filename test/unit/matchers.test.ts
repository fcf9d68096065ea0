// Unit tests of the Pact response matchers on the shapes of issue 12 bug 1: properties named like data keywords, $refs under them.
import { describe, expect, it } from 'vitest';
import { bodyMatchers, synthesize } from '../../src/pact/matchers.js';
import type { JsonSchema } from '../../src/model/types.js';

const ROOT = {
  type: 'object',
  required: ['default', 'enum', 'const', 'example', 'examples', 'constructor'],
  properties: {
    default: { $ref: '#/$defs/Count' },
    enum: { $ref: '#/$defs/Kind' },
    const: { type: 'array', items: { $ref: '#/$defs/Id' } },
    example: { type: ['string', 'null'] },
    examples: { $ref: '#/$defs/Inner' },
    optional: { type: 'string' },
  },
  // Data, never read as declarations: a `default` value shaped like a schema, examples of the whole body.
  default: { properties: { ghost: { type: 'string' } }, required: ['ghost'] },
  examples: [{ ghost: 'x' }],
  $defs: {
    Count: { type: 'integer' },
    Kind: { type: 'string', enum: ['a', 'b'] },
    Id: { type: 'string', format: 'uuid' },
    Inner: { type: 'object', required: ['enum'], properties: { enum: { type: 'number' }, default: { type: 'string' } } },
  },
} as unknown as JsonSchema;

const ID = '3f2b8c1e-7d4a-4e6b-9c21-5a8f0d3e7b64';

describe('Pact matchers: properties by position, $refs followed', () => {
  it('matches each keyword-named property by what its referenced schema says, optional left out, nullable kept only where the example fills it', () => {
    const ctx = { src: { fixed: {}, defaults: {}, fromStates: false, example: (name: string) => name }, dropped: [] as string[] };
    const m = bodyMatchers(ROOT, ROOT, { default: 3, enum: 'a', const: [ID], example: 'x', examples: { enum: 1.5 }, optional: 'o' }, undefined, ctx);
    expect(m).toEqual({
      // No minItems: the example's one element shows the items' shape, not a minimum.
      const: { 'pact:matcher:type': 'type', min: 0, value: [{ 'pact:matcher:type': 'regex', regex: expect.stringContaining('[0-9a-f]'), value: ID }] },
      default: { 'pact:matcher:type': 'integer', value: 3 },
      enum: { 'pact:matcher:type': 'regex', regex: '^(a|b)$', value: 'a' },
      examples: { enum: { 'pact:matcher:type': 'number', value: 1.5 } },
      // Nullable, but the example fills it: kept, by type.
      example: { 'pact:matcher:type': 'type', value: 'x' },
    });
    // `constructor` is required but declared nowhere (not found on Object.prototype either).
    expect(ctx.dropped.sort()).toEqual(['/constructor']);
  });

  it('an array minimum only where a source sets minItems: an x-assumed minItems asks for none', () => {
    const ctx = { src: { fixed: {}, defaults: {}, fromStates: false, example: (name: string) => name }, dropped: [] as string[] };
    const arr = (extra: Record<string, unknown>) => ({ type: 'array', items: { type: 'string' }, ...extra }) as unknown as JsonSchema;
    const min = (schema: JsonSchema) => (bodyMatchers(schema, schema, ['a', 'b'], undefined, ctx) as { min: number; value: unknown[] });
    expect(min(arr({ minItems: 2, 'x-source': { file: 'f', quote: 'q' } }))).toMatchObject({ min: 2, value: [expect.anything(), expect.anything()] });
    expect(min(arr({ minItems: 1, 'x-source': { file: 'f', quote: 'q' }, 'x-assumption': 'at least one', 'x-assumed': ['minItems'] }))).toMatchObject({ min: 0, value: [expect.anything()] });
    expect(min(arr({}))).toMatchObject({ min: 0 });
  });

  it('synthesizes a missing required value from the referenced schema, not from the data keywords', () => {
    expect(synthesize(ROOT, { $ref: '#/$defs/Inner' })).toEqual({ enum: 0 });
    const { examples: _documented, ...undocumented } = ROOT as Record<string, unknown>;
    // Undeclared `constructor` gets no value: only declared properties are synthesized.
    expect(synthesize(undocumented as JsonSchema, undocumented)).toEqual({ default: 0, enum: 'a', const: [ID], example: 'string', examples: { enum: 0 } });
  });
});
