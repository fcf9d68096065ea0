// Unit tests of negative generation on the shapes of issue 12 bug 1: properties named like data keywords, $refs under them.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadApi } from '../../src/validate/load.js';
import { scenariosFor } from '../../src/scenarios/index.js';
import { fields, getAt, setAt } from '../../src/scenarios/fields.js';

const dir = mkdtempSync(join(tmpdir(), 'specgate-negative-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BODY = {
  type: 'object',
  required: ['default', 'enum', 'example', 'a/b'],
  properties: {
    default: { $ref: '#/components/schemas/Short' },
    enum: { $ref: '#/components/schemas/Count' },
    example: { $ref: '#/components/schemas/Kind' },
    const: { $ref: '#/components/schemas/Inner' },
    'a/b': { type: 'string', maxLength: 3 },
  },
  // Data: a schema-looking value under the keyword `default` is never a field.
  default: { properties: { ghost: { type: 'string', maxLength: 1 } } },
  examples: [{ ghost: 'x' }],
};
const DOC = {
  openapi: '3.1.0',
  info: { title: 'keyword-named properties', version: '1' },
  paths: {
    '/things': {
      post: {
        operationId: 'createThing',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' }, example: { default: 'abc', enum: 2, example: 'a', const: { default: 'me@example.com' }, 'a/b': 'xy' } } },
        },
        responses: { '201': { description: 'made', content: { 'application/json': { schema: { type: 'object' }, example: {} } } }, '400': { description: 'invalid input' } },
      },
    },
  },
  components: {
    schemas: {
      Body: BODY,
      Short: { type: 'string', maxLength: 5 },
      Count: { type: 'integer' },
      Kind: { type: 'string', enum: ['a', 'b'] },
      Inner: { type: 'object', required: ['default'], properties: { default: { type: 'string', format: 'email' } } },
    },
  },
};

async function load() {
  const file = join(dir, 'things.yaml');
  writeFileSync(file, stringify(DOC));
  return loadApi(file);
}

describe('negative generation: fields by position, $refs followed', () => {
  it('lists each property named default/enum/example/const, nested ones, and nothing held as data', async () => {
    const api = await load();
    const root = api.model.operations[0].requestBody!.content[0].schema as never;
    expect(fields(root).map((f) => `${f.path.join('.')}${f.required ? '!' : ''}:${String(f.schema.type)}`)).toEqual([
      'default!:string',
      'enum!:integer',
      'example!:string',
      'const:object',
      'const.default!:string',
      'a/b!:string',
    ]);
  });

  it('breaks one rule at a time, each at its escaped pointer, every case honest (the validator agrees)', async () => {
    const api = await load();
    const generated = scenariosFor(api).filter((s) => s.kind !== 'example');
    const rules = generated.map((s) => `${s.kind} ${s.rule!.keyword} ${s.rule!.pointer}`).sort();
    expect(rules).toEqual(
      [
        'boundary maxLength /a~1b',
        'boundary maxLength /default',
        'negative enum /example',
        'negative format /const/default',
        'negative maxLength /a~1b',
        'negative maxLength /default',
        'negative required /a~1b',
        'negative required /const/default',
        'negative required /default',
        'negative required /enum',
        'negative required /example',
        'negative type /a~1b',
        'negative type /const',
        'negative type /const/default',
        'negative type /default',
        'negative type /enum',
        'negative type /example',
      ].sort(),
    );
    const over = generated.find((s) => s.rule!.pointer === '/default' && s.rule!.keyword === 'maxLength' && s.kind === 'negative')!;
    expect((over.steps[0].request.body as Record<string, unknown>).default).toBe('aaaaaa');
    const validate = api.validators.get('createThing.request')!;
    for (const s of generated) expect(validate(s.steps[0].request.body), s.name).toBe(s.kind === 'boundary');
  });

  it('getAt and setAt read and write own properties only, whatever their names', () => {
    expect(getAt({}, ['constructor'])).toBeUndefined();
    expect(getAt({ a: { __proto__: 1 } }, ['a', 'toString'])).toBeUndefined();
    const body = { default: { enum: 1 } };
    const set = setAt(body, ['default', 'enum'], 2) as typeof body;
    expect(set.default.enum).toBe(2);
    expect(body.default.enum).toBe(1);
    const polluted = setAt({}, ['__proto__', 'x'], 1) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.keys(polluted)).toEqual(['__proto__']);
    expect(setAt({ a: 1, b: 2 }, ['a'], undefined)).toEqual({ b: 2 });
  });
});

describe('negative generation on a body that is not an object', () => {
  it('a string, an array or a number request example gives no field cases (and does not stop the run)', async () => {
    const body = (example: unknown) => ({ required: true, content: { 'application/json': { schema: { type: ['object', 'string', 'array', 'number'], required: ['name'], properties: { name: { type: 'string', maxLength: 3 } } }, example } } });
    const doc = {
      openapi: '3.1.0',
      info: { title: 'non-object request examples', version: '1' },
      paths: Object.fromEntries(
        ([['text', 'name=ab'], ['list', [{ name: 'ab' }]], ['count', 7]] as const).map(([name, example]) => [
          `/${name}`,
          { post: { operationId: name, requestBody: body(example), responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' }, example: {} } } } } } },
        ]),
      ),
    };
    const file = join(dir, 'non-object.yaml');
    writeFileSync(file, stringify(doc));
    const scenarios = scenariosFor(await loadApi(file));
    expect(scenarios.filter((s) => s.kind !== 'example').map((s) => s.rule!.keyword)).toEqual([]);
    expect(scenarios.map((s) => s.operationId).sort()).toEqual(['count', 'list', 'text']);
  });
});
