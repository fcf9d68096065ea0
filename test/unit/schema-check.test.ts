// Verdict-only validators check schemas node by node (src/validate/schema-check.ts) instead of
// Ajv's whole-tree check: the same schemas must be refused, with Ajv's own error, and the same pass.
import { describe, expect, it, vi } from 'vitest';
import { SchemaCheck } from '../../src/validate/schema-check.js';
import { ValidatorSet } from '../../src/validate/compile.js';
import { createAjv } from '../../src/validate/ajv.js';
import type { JsonSchema } from '../../src/model/types.js';

const INVALID: [string, unknown][] = [
  ['a negative minLength deep down', { type: 'object', properties: { a: { type: 'array', items: { type: 'string', minLength: -1 } } } }],
  ['an empty allOf', { allOf: [] }],
  ['a property that is not a schema', { properties: { a: 5 } }],
  ['tuple items (draft 2019) in 2020-12', { items: [{ type: 'string' }] }],
  ['enum that is not a list', { enum: 'x' }],
  ['required that is not a list', { type: 'object', required: 'a' }],
  ['multipleOf 0 inside anyOf', { anyOf: [{ type: 'number', multipleOf: 0 }, { type: 'null' }] }],
  ['an unknown type', { type: 'strin' }],
  ['a bad component reached through $defs', { $ref: '#/$defs/A', $defs: { A: { type: 'object', properties: { n: { type: 'integer', maximum: 'ten' } } } } }],
];
const VALID: unknown[] = [
  { type: 'object', properties: { a: { type: ['string', 'null'], maxLength: 3 }, b: { items: { enum: [1, 2] } } }, required: ['a'] },
  { anyOf: [{ $ref: '#/$defs/A' }, { type: 'null' }], $defs: { A: { type: 'integer', minimum: 0 } } },
  { type: 'array', prefixItems: [true, { const: 'x' }], items: false, dependentRequired: { a: ['b'] } },
  true,
];

describe('the node-by-node schema check', () => {
  it('refuses what Ajv refuses, and the verdict set then reports Ajv\'s own error', () => {
    for (const [what, schema] of INVALID) {
      const full = createAjv();
      expect(() => full.compile(schema as object), what).toThrow();
      expect(() => new SchemaCheck(createAjv({ checkedSchemas: true })).check(schema), what).toThrow(/schema is invalid/);
      const set = new ValidatorSet(new Map([['op.200', schema as JsonSchema]]));
      let reported = '';
      try {
        set.get('op.200');
      } catch (e) {
        reported = (e as Error).message;
      }
      let native = '';
      try {
        createAjv().compile(schema as object);
      } catch (e) {
        native = (e as Error).message;
      }
      expect(reported, what).toBe(native);
    }
  });

  it('passes what Ajv passes, and checks a node it has seen in the same form once', () => {
    const ajv = createAjv({ checkedSchemas: true });
    const check = new SchemaCheck(ajv);
    for (const schema of VALID) expect(() => check.check(schema)).not.toThrow();
    const spy = vi.spyOn(ajv, 'validateSchema');
    // 40 properties of one shape and the object around them: two forms.
    const props = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, { type: 'string', maxLength: 8 }]));
    check.check({ type: 'object', properties: props });
    expect(spy).toHaveBeenCalledTimes(2);
  });
});

describe('canonical forms', () => {
  it('checks nodes that differ only in property names or listed values once, and still refuses a non-schema among them', () => {
    const ajv = createAjv({ checkedSchemas: true });
    const check = new SchemaCheck(ajv);
    const spy = vi.spyOn(ajv, 'validateSchema');
    check.check({ type: 'object', properties: { a: { enum: ['x', 'y'] }, b: { const: 1 } } });
    check.check({ type: 'object', properties: { c: { enum: [3] }, d: { const: { deep: true } } } });
    // Three forms: the object, the enum node, the const node; the second schema adds none.
    expect(spy).toHaveBeenCalledTimes(3);
    expect(() => check.check({ type: 'object', properties: { a: { type: 'string' }, b: 5 } })).toThrow(/schema is invalid/);
    expect(() => check.check({ $defs: { A: 'nope' } })).toThrow(/schema is invalid/);
    expect(() => check.check({ enum: 'x' })).toThrow(/schema is invalid/);
  });
});
