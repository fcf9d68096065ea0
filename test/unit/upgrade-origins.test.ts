import { describe, expect, it } from 'vitest';
import { upgradeDocument } from '../../src/openapi/upgrade.js';

const doc30 = () => ({
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {
    '/things': {
      get: {
        responses: {
          default: {
            description: 'error',
            content: { 'application/json': { schema: { type: 'object', properties: { code: { type: 'string', nullable: true } } } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        // Property names that are also keywords: still schemas, found by their own names.
        properties: {
          default: { type: 'integer', example: 3 },
          examples: { allOf: [{ $ref: '#/components/schemas/Other' }], nullable: true },
        },
        example: { default: 1, examples: null },
      },
      Other: { type: 'string', enum: ['a', 'b'], nullable: true },
    },
  },
});

describe('the 3.0 upgrade keeps every position in the user document', () => {
  it('maps pointers of the upgraded document back to where each thing was written', () => {
    const up = upgradeDocument(doc30());
    // An example moved into `examples` (3.1) points at the user's `example`.
    expect(up.data.components).toMatchObject({ schemas: { Thing: { properties: { default: { examples: [3] } } } } });
    expect(up.origin('/components/schemas/Thing/properties/default/examples/0')).toBe('/components/schemas/Thing/properties/default/example');
    // Deeper than anything recorded: the nearest recorded ancestor plus the rest of the path.
    expect(up.origin('/components/schemas/Thing/properties/examples/anyOf/0')).toBe('/components/schemas/Thing/properties/examples/anyOf/0');
    expect(up.origin('/components/schemas/Thing/example/default')).toBe('/components/schemas/Thing/example/default');
    expect(up.origin('/components/schemas/Other/type/1')).toBe('/components/schemas/Other/type/1');
    expect(up.origin('/no/such/place')).toBe('/no/such/place');
    expect(up.origin('')).toBe('');
  });

  it('reads nullable in an operation default response, beside a composition and in an enum, and leaves data alone', () => {
    const up = upgradeDocument(doc30());
    const code = (up.data.paths as any)['/things'].get.responses.default.content['application/json'].schema.properties.code;
    expect(code.type).toEqual(['string', 'null']);
    const thing = (up.data.components as any).schemas.Thing;
    expect(thing.properties.examples.anyOf).toEqual([{ allOf: [{ $ref: '#/components/schemas/Other' }] }, { type: 'null' }]);
    expect((up.data.components as any).schemas.Other).toEqual({ type: ['string', 'null'], enum: ['a', 'b', null] });
    expect(thing.examples).toEqual([{ default: 1, examples: null }]);
  });

  it('leaves data that looks like a nullable schema as it was written (a Swagger 2.0 x-example)', () => {
    const original = {
      swagger: '2.0',
      info: { title: 't', version: '1' },
      paths: { '/p': { get: { responses: { 200: { description: 'ok', schema: { type: 'string', 'x-example': { nullable: true, items: 1 } } } } } } },
    };
    const up = upgradeDocument(structuredClone(original));
    const schema = (up.data.paths as any)['/p'].get.responses['200'].content['*/*'].schema;
    expect(schema['x-example']).toEqual({ nullable: true, items: 1 });
    expect(schema.type).toBe('string');
  });
});
