// Validators compiled at run time say valid/invalid with verdict-only code; the error-reporting
// validator is compiled only for data that fails, and then reports exactly what it did before.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidatorSet } from '../../src/validate/compile.js';
import { createAjv } from '../../src/validate/ajv.js';
import type { JsonSchema } from '../../src/model/types.js';

const Money: JsonSchema = {
  type: 'object',
  required: ['amount', 'currency'],
  properties: { amount: { type: 'integer', minimum: 0, 'x-source': 'Amount: a positive integer' }, currency: { type: 'string', format: 'iso-4217', enum: ['EUR', 'GBP'] } },
};
const schema: JsonSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 3 }, price: { $ref: '#/$defs/Money' }, prices: { type: 'array', items: { $ref: '#/$defs/Money' } } },
  $defs: { Money },
};

describe('verdict first, errors on failure', () => {
  it('conforming data is judged without compiling the error-reporting validator', () => {
    const set = new ValidatorSet(new Map([['op.200', schema]]));
    const v = set.get('op.200')!;
    expect(v({ id: 'abc', price: { amount: 1, currency: 'EUR' }, prices: [] })).toBe(true);
    expect(v.errors).toBeNull();
    expect(set.fullCount).toBe(0);
  });

  it('failing data gets every error with its data and parent schema, as the full Ajv reports them', () => {
    const set = new ValidatorSet(new Map([['op.200', schema]]));
    const v = set.get('op.200')!;
    const bad = { id: 'x', price: { amount: -1, currency: 'USD' }, prices: [{ amount: 'no' }] };
    expect(v(bad)).toBe(false);
    expect(set.fullCount).toBe(1);
    // The reference: one Ajv with the full options over the whole self-contained schema.
    const ajv = createAjv();
    ajv.addKeyword({ keyword: 'x-source' });
    ajv.addFormat('iso-4217', true);
    const ref = ajv.compile(schema as object);
    expect(ref(bad)).toBe(false);
    const shape = (es: typeof v.errors) => (es ?? []).map((e) => [e.instancePath, e.keyword, e.message, JSON.stringify(e.data), (e.parentSchema as Record<string, unknown>)?.['x-source'] ?? null]).sort();
    expect(v.errors!.length).toBe(5);
    expect(shape(v.errors)).toEqual(shape(ref.errors));
    // Valid data after a failure: no stale errors.
    expect(v({ id: 'abcd' })).toBe(true);
    expect(v.errors).toBeNull();
  });

  it('a broken schema fails with the full compiler error, and a set that keeps its source compiles in full only', () => {
    const broken = new ValidatorSet(new Map([['op.200', { type: 'object', properties: { a: { type: 'string', maxLength: -3 } } } as JsonSchema]]));
    expect(() => broken.get('op.200')).toThrow(/schema is invalid: data\/properties\/a\/maxLength must be >= 0/);
    const kept = new ValidatorSet(new Map([['op.200', schema]]), undefined, 'runtime', true);
    expect(kept.get('op.200')!({ id: 'abc' })).toBe(true);
    expect(kept.fullCount).toBe(1);
    expect(kept.standalone()).toContain('exports["op.200"]');
  });

  afterEach(() => vi.restoreAllMocks());

  it('verdicts leave annotations out, but a wrongly typed one is still a schema error', () => {
    const annotated: JsonSchema = {
      type: 'object',
      title: 'Thing',
      description: 'A thing',
      required: ['id'],
      properties: {
        id: { type: 'string', readOnly: true, deprecated: true, examples: ['a1'], example: 'a1', default: 'a0', 'x-source': 'Id: a string', $comment: 'c' },
        size: { type: 'integer', maximum: 3, discriminator: { propertyName: 'x' }, externalDocs: { url: 'u' }, xml: { name: 'n' }, nullable: false },
      },
    };
    const set = new ValidatorSet(new Map([['op.200', annotated]]));
    const full = createAjv();
    full.addKeyword({ keyword: 'x-source' });
    const ref = full.compile(annotated as object);
    const v = set.get('op.200')!;
    for (const data of [{ id: 'a' }, { id: 1 }, {}, { id: 'a', size: 4 }, { id: 'a', size: 2 }, 'x']) expect([data, v(data)]).toEqual([data, ref(data)]);
    expect(set.fullCount).toBe(1); // compiled for the first failure, and reused
    for (const [keyword, value] of [['description', 5], ['readOnly', 'yes'], ['examples', 'a1'], ['title', {}]] as const) {
      const wrong = { type: 'object', properties: { a: { type: 'string', [keyword]: value } } } as JsonSchema;
      expect(() => full.compile(wrong as object), keyword).toThrow(/schema is invalid/);
      expect(() => new ValidatorSet(new Map([['op.200', wrong]])).get('op.200'), keyword).toThrow(/schema is invalid/);
    }
  });

  it('a schema that only refers to a component is judged by that component\'s own validator, with no wrapper compiled', () => {
    const core = (createRequire(import.meta.url)('ajv/dist/core.js') as { default: { prototype: { compile: (s: unknown) => unknown } } }).default;
    const compile = vi.spyOn(core.prototype, 'compile');
    const refOnly: JsonSchema = { $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: '#/$defs/Money', $defs: { Money } };
    const set = new ValidatorSet(new Map([['op.request', refOnly], ['op.200', schema]]));
    expect(set.get('op.request')!({ amount: 1, currency: 'EUR' })).toBe(true);
    expect(set.get('op.request')!({ amount: 1 })).toBe(false);
    expect(compile).toHaveBeenCalledTimes(1); // the full validator, for the failure; the verdict was Money's own
    compile.mockClear();
    expect(set.get('op.200')!({ id: 'abc', price: { amount: 2, currency: 'GBP' } })).toBe(true);
    expect(compile).toHaveBeenCalledTimes(1); // a schema with keywords of its own is compiled as itself
  });
});

describe('components that do not resolve once linked', () => {
  // A 2020-12 `$anchor` (which Ajv's strict mode called unknown) and a reference to a component's
  // own `$id`: valid schemas, compiled whole where the linked copy does not resolve.
  const anchored: JsonSchema = { $ref: '#/$defs/Node', $defs: { Node: { $anchor: 'node', type: 'object', properties: { next: { $ref: '#node' } }, maxProperties: 1 } } };
  const identified: JsonSchema = { $ref: '#/$defs/Node', $defs: { Node: { $id: 'https://example.test/node', type: 'object', properties: { next: { $ref: 'https://example.test/node' } }, maxProperties: 1 } } };

  it('compile and judge as Ajv does on its own, verdict-first and with the source kept', () => {
    for (const [name, schema] of Object.entries({ anchored, identified })) {
      for (const keep of [false, true]) {
        const v = new ValidatorSet(new Map([['k', schema]]), undefined, 'runtime', keep).get('k')!;
        expect([name, keep, v({ next: { next: {} } })]).toEqual([name, keep, true]);
        expect([name, keep, v({ next: { next: 1 } })]).toEqual([name, keep, false]);
        expect(v.errors?.[0]?.instancePath).toBe('/next/next');
      }
    }
  });
});
