// Validators compiled at run time say valid/invalid with verdict-only code; the error-reporting
// validator is compiled only for data that fails, and then reports exactly what it did before.
import { describe, expect, it } from 'vitest';
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
    const broken = new ValidatorSet(new Map([['op.200', { type: 'object', properties: { a: { type: 'string', maxLenght: 3 } } } as JsonSchema]]));
    expect(() => broken.get('op.200')).toThrow(/unknown keyword: "maxLenght"/);
    const kept = new ValidatorSet(new Map([['op.200', schema]]), undefined, 'runtime', true);
    expect(kept.get('op.200')!({ id: 'abc' })).toBe(true);
    expect(kept.fullCount).toBe(1);
    expect(kept.standalone()).toContain('exports["op.200"]');
  });
});
