// Verdict-only code is compiled under the quiet keyword (src/validate/quiet.ts): no error objects,
// and the same verdict as a full Ajv on every schema shape whose verdict depends on error counting
// or on evaluated properties.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidatorSet } from '../../src/validate/compile.js';
import { createAjv } from '../../src/validate/ajv.js';
import { canQuiet } from '../../src/validate/quiet.js';
import type { JsonSchema } from '../../src/model/types.js';

type Proto = { compile: (s: unknown) => () => boolean; getSchema: (id: string) => (() => boolean) | undefined };
const core = (createRequire(import.meta.url)('ajv/dist/core.js') as { default: { prototype: Proto } }).default;

const Pet: JsonSchema = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { enum: ['cat', 'dog'] }, name: { type: 'string', minLength: 1 }, tags: { type: 'array', items: { type: 'string' }, maxItems: 2 } },
};
const SCHEMAS: Record<string, JsonSchema> = {
  anyOf: { anyOf: [{ $ref: '#/$defs/Pet' }, { type: 'null' }], $defs: { Pet } },
  oneOf: { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 2 }] },
  not: { type: 'object', properties: { a: { not: { $ref: '#/$defs/Pet' } } }, $defs: { Pet } },
  ifThenElse: { if: { properties: { kind: { const: 'cat' } } }, then: { required: ['name'] }, else: { required: ['tags'] } },
  unevaluated: { allOf: [{ $ref: '#/$defs/Pet' }], unevaluatedProperties: false, $defs: { Pet } },
  // A pointer into a component: resolved through the quiet keyword.
  intoComponent: { type: 'object', properties: { name: { $ref: '#/$defs/Pet/properties/name' } }, $defs: { Pet } },
  // Components with an anchor or an id of their own cannot be quiet, and do not resolve once
  // linked: compiled whole, still judged the same.
  anchored: { $ref: '#/$defs/A', $defs: { A: { $anchor: 'a', type: 'object', properties: { next: { $ref: '#a' } }, maxProperties: 1 } } },
  identified: { $ref: '#/$defs/A', $defs: { A: { $id: 'https://x.test/a', type: 'object', properties: { next: { $ref: 'https://x.test/a' } }, maxProperties: 1 } } },
};
const DATA: unknown[] = [
  null,
  1,
  2.5,
  1.5,
  'x',
  {},
  { kind: 'cat' },
  { kind: 'cat', name: 'Tom' },
  { kind: 'dog', tags: ['a'] },
  { kind: 'dog', tags: ['a', 'b', 'c'] },
  { kind: 'cow' },
  { kind: 'cat', name: '' },
  { kind: 'cat', extra: 1 },
  { a: { kind: 'cat' } },
  { a: 5 },
  { name: 'n' },
  { name: 3 },
  { next: { next: {} } },
  { next: 1 },
];

afterEach(() => vi.restoreAllMocks());

describe('quiet verdict code', () => {
  it('gives a full Ajv\'s verdict on composites, unevaluated properties, pointers into components and anchors', () => {
    for (const [name, schema] of Object.entries(SCHEMAS)) {
      const ref = createAjv().compile(schema as object);
      const set = new ValidatorSet(new Map([['k', schema]]));
      const v = set.get('k')!;
      for (const data of DATA) expect([name, data, v(data)]).toEqual([name, data, ref(data)]);
    }
  });

  it('generates no error objects, while the full validator behind it still reports every error', () => {
    const compile = vi.spyOn(core.prototype, 'compile');
    const getSchema = vi.spyOn(core.prototype, 'getSchema');
    const set = new ValidatorSet(new Map([['root', SCHEMAS.not!], ['pet', { $ref: '#/$defs/Pet', $defs: { Pet } }]]));
    expect(set.get('root')!({ a: 1 })).toBe(true);
    expect(set.get('pet')!({ kind: 'cat' })).toBe(true);
    // Every validator compiled but the meta-schema's (the schema check's own).
    const ours = (f: unknown) => typeof f === 'function' && !String((f as { schema?: { $id?: string } }).schema?.$id ?? '').startsWith('https://json-schema.org/');
    const verdictCode = [...compile.mock.results, ...getSchema.mock.results].map((r) => r.value as unknown).filter(ours).map(String);
    expect(verdictCode.some((c) => c.includes('"kind"'))).toBe(true); // Pet's own code is among them
    for (const code of verdictCode) expect(code).not.toMatch(/schemaPath:/);
    const pet = set.get('pet')!;
    expect(pet({ kind: 'cow', name: 3 })).toBe(false);
    expect(pet.errors!.map((e) => [e.instancePath, e.keyword]).sort()).toEqual([['/kind', 'enum'], ['/name', 'type']]);
  });

  it('leaves schemas with identity keywords, or pointers into themselves, as they are', () => {
    expect(canQuiet({ type: 'object', properties: { a: { $ref: '#/$defs/A' } } })).toBe(true);
    expect(canQuiet({ properties: { a: { $id: 'https://x.test/a' } } })).toBe(false);
    expect(canQuiet({ items: { $dynamicRef: '#meta' } })).toBe(false);
    expect(canQuiet({ properties: { a: { $ref: '#/properties/b' } } })).toBe(false);
    expect(canQuiet(true)).toBe(false);
  });
});
