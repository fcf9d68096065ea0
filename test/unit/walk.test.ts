import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { mapSchema, schemaRefs, subschemas, walkOpenApi, walkSchema } from '../../src/openapi/walk.js';
import { selfContained } from '../../src/model/self-contained.js';
import { createAjv, registerExtensions } from '../../src/validate/ajv.js';
import { loadApi } from '../../src/validate/load.js';
import { lint } from '../../src/lint/run.js';

const dir = mkdtempSync(join(tmpdir(), 'specgate-walk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NAMES = ['default', 'example', 'examples', 'enum', 'const', 'x-examples'];
const THING = { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 5 } } };

/** A document whose request body has one property called `name`, holding `schema`. */
function documentWith(name: string, schema: unknown, example: unknown) {
  const body = { type: 'object', required: [name], properties: { [name]: schema }, default: { [name]: { $ref: '#/nowhere' } } };
  return {
    openapi: '3.1.0',
    info: { title: `a property called ${name}`, version: '1' },
    paths: {
      '/things': {
        post: {
          operationId: 'createThing',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' }, examples: { one: { value: example } } } } },
          responses: { '204': { description: 'done' } },
        },
      },
    },
    components: { schemas: { Thing: THING, Body: body } },
  };
}

describe('the walker: subschemas by position, data never entered', () => {
  it('subschemas lists what each keyword holds and nothing held as data', () => {
    const s = {
      properties: { default: { type: 'string' }, 'x-a': { type: 'integer' } },
      items: [{ type: 'string' }],
      allOf: [{ minLength: 1 }],
      dependencies: { a: ['b'], c: { required: ['d'] } },
      not: true,
      default: { type: 'string' },
      enum: [{ type: 'string' }],
      'x-schema': { type: 'string' },
    };
    expect(subschemas(s).map((x) => x.path.join('/'))).toEqual(['properties/default', 'properties/x-a', 'items/0', 'allOf/0', 'dependencies/c', 'not']);
  });

  it('walkSchema gives each subschema its pointer and whether it is inside if/then/else', () => {
    const seen: string[] = [];
    walkSchema({ properties: { 'a/b': { if: { properties: { c: {} } }, then: { required: ['c'] } } } }, (_, ctx) => seen.push(`${ctx.pointer} ${ctx.inConditional}`));
    expect(seen).toEqual([' false', '/properties/a~1b false', '/properties/a~1b/if true', '/properties/a~1b/if/properties/c true', '/properties/a~1b/then true']);
  });

  it('schemaRefs and mapSchema see a $ref under a property named like a data keyword, not one in data', () => {
    const s = { properties: Object.fromEntries(NAMES.map((n) => [n, { $ref: `#/components/schemas/${n}` }])), default: { $ref: '#/data' }, examples: [{ $ref: '#/data' }], 'x-a': { $ref: '#/data' } };
    expect(schemaRefs(s).map((r) => r.ref)).toEqual(NAMES.map((n) => `#/components/schemas/${n}`));
    const mapped = mapSchema(s, (n) => (n.$ref ? { ...n, $ref: 'rewritten' } : n)) as typeof s;
    expect(Object.values(mapped.properties).every((p) => p.$ref === 'rewritten')).toBe(true);
    expect(mapped.default).toEqual({ $ref: '#/data' });
    expect(mapped['x-a']).toEqual({ $ref: '#/data' });
  });

  it('walkOpenApi reports every reference of an OpenAPI 3.0 or 3.1 document, none inside data', () => {
    for (const openapi of ['3.0.3', '3.1.0']) {
      const doc = {
        openapi,
        paths: {
          'x-ext': { $ref: '#/data' },
          '/a': {
            parameters: [{ $ref: '#/components/parameters/P' }],
            get: {
              parameters: [{ name: 'q', in: 'query', schema: { $ref: '#/components/schemas/S' }, example: { $ref: '#/data' } }],
              responses: {
                '200': { $ref: '#/components/responses/R' },
                '400': { description: 'x', content: { 'application/json': { schema: { items: { $ref: '#/components/schemas/S' } }, example: { $ref: '#/data' }, examples: { e: { $ref: '#/components/examples/E' }, v: { value: { $ref: '#/data' } } } } }, links: { l: { $ref: '#/components/links/L' } } },
              },
              callbacks: { cb: { '{$url}': { post: { requestBody: { $ref: '#/components/requestBodies/B' }, responses: {} } } } },
              'x-data': { $ref: '#/data' },
            },
          },
        },
        components: { schemas: { S: { type: 'string', 'x-a': { $ref: '#/data' }, enum: [{ $ref: '#/data' }] } }, securitySchemes: { k: { $ref: '#/components/securitySchemes/k2' } } },
      };
      const refs: string[] = [];
      walkOpenApi(doc, { ref: (ref, pointer) => refs.push(`${pointer} ${ref}`) });
      expect(refs).toEqual([
        '/paths/~1a/parameters/0/$ref #/components/parameters/P',
        '/paths/~1a/get/parameters/0/schema/$ref #/components/schemas/S',
        '/paths/~1a/get/responses/200/$ref #/components/responses/R',
        '/paths/~1a/get/responses/400/content/application~1json/schema/items/$ref #/components/schemas/S',
        '/paths/~1a/get/responses/400/content/application~1json/examples/e/$ref #/components/examples/E',
        '/paths/~1a/get/responses/400/links/l/$ref #/components/links/L',
        '/paths/~1a/get/callbacks/cb/{$url}/post/requestBody/$ref #/components/requestBodies/B',
        '/components/securitySchemes/k/$ref #/components/securitySchemes/k2',
      ]);
    }
  });
});

describe('issue 12, bug 1: a property named like a data keyword loads, validates and lints', () => {
  const shapes = NAMES.flatMap((name) => [
    { name, shape: '$ref', schema: { $ref: '#/components/schemas/Thing' }, good: { name: 'ok' }, bad: { name: 'too long' } },
    { name, shape: 'x- keyword', schema: { type: 'string', 'x-note': 'hi' }, good: 'hi', bad: 3 },
  ]);

  it.each(shapes)('$name holding a $shape', async ({ name, shape, schema, good, bad }) => {
    const file = join(dir, `${name}-${shape.replace(/\W/g, '')}.yaml`);
    writeFileSync(file, stringify(documentWith(name, schema, { [name]: good })));
    const api = await loadApi(file);
    const validate = api.validators.get('createThing.request')!;
    expect(validate({ [name]: good })).toBe(true);
    expect(validate({ [name]: bad })).toBe(false);
    expect(validate({})).toBe(false);

    const { findings } = await lint([file]);
    const broken = findings.filter((f) => ['example-valid', 'local-refs', 'struct', 'openapi-version'].includes(f.ruleId) || /crashed/.test(f.message));
    expect(broken).toEqual([]);
  });

  it('the self-contained copy and Ajv preparation follow the same positions', () => {
    const doc = documentWith('enum', { $ref: '#/components/schemas/Thing', 'x-note': 'hi' }, {});
    const s = selfContained(doc, { $ref: '#/components/schemas/Body' }) as Record<string, any>;
    expect(s.$defs.Body.properties.enum.$ref).toBe('#/$defs/Thing');
    expect(s.$defs.Body.default).toEqual({ enum: { $ref: '#/nowhere' } });
    expect(Object.keys(s.$defs)).toEqual(['Body', 'Thing']);
    const ajv = createAjv();
    registerExtensions(ajv, s);
    expect(ajv.getKeyword('x-note')).toBeTruthy();
    expect(ajv.compile(s)({ enum: { name: 'abc' } })).toBe(true);
  });
});

describe('issue 12, bug 7: an example key containing % is linted, not a crash', () => {
  it('each invalid example is one finding at its own line', async () => {
    const { findings } = await lint([join(import.meta.dirname, '..', 'fixtures', 'walker', 'percent-key.yaml')]);
    expect(findings.filter((f) => /crashed/.test(f.message))).toEqual([]);
    const invalid = findings.filter((f) => f.ruleId === 'example-valid');
    expect(invalid.map((f) => [f.line, f.pointer])).toEqual([
      [21, '/paths/~1discounts/get/responses/200/content/application~1json/examples/50%/value/rate'],
      [23, '/paths/~1discounts/get/responses/200/content/application~1json/examples/100%25/value/rate'],
    ]);
    expect(invalid[0].message).toMatch(/example '50%'/);
  });
});
