// Verdict-only validators compile a shared component when data first reaches it, and judge as a
// full Ajv does; where a schema asks what its subschemas evaluated, components are compiled with it.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidatorSet } from '../../src/validate/compile.js';
import { createAjv } from '../../src/validate/ajv.js';
import type { JsonSchema } from '../../src/model/types.js';

const core = (createRequire(import.meta.url)('ajv/dist/core.js') as { default: { prototype: { getSchema: (key: string) => unknown } } }).default;
/** How many shared components the set's Ajvs compiled or looked up by id so far. */
const componentLookups = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.filter(([k]) => String(k).startsWith('specgate:def:')).length;

const Tree = { type: 'object', required: ['name'], properties: { name: { type: 'string' }, kids: { type: 'array', items: { $ref: '#/$defs/Tree' } } } };
const Card = { type: 'object', required: ['last4'], properties: { last4: { type: 'string', pattern: '^[0-9]{4}$' } } };
const Owner = { type: 'object', properties: { card: { $ref: '#/$defs/Card' }, spare: { $ref: '#/$defs/Card', description: 'a second card', maxProperties: 1 } } };
const account: JsonSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string' }, owner: { $ref: '#/$defs/Owner' }, tree: { $ref: '#/$defs/Tree' }, last4: { $ref: '#/$defs/Card/properties/last4' } },
  $defs: { Owner, Card, Tree },
};

afterEach(() => vi.restoreAllMocks());

describe('shared components compiled on first use', () => {
  it('a component no data reached is never compiled; one data reaches is compiled once', () => {
    const getSchema = vi.spyOn(core.prototype, 'getSchema');
    const v = new ValidatorSet(new Map([['op.200', account]])).get('op.200')!;
    expect(v({ id: 'a' })).toBe(true);
    const before = componentLookups(getSchema);
    expect(v({ id: 'a', owner: { card: { last4: '1234' } } })).toBe(true);
    expect(componentLookups(getSchema)).toBe(before + 2); // Owner, then Card
    expect(v({ id: 'b', owner: { card: { last4: '9876' }, spare: { last4: '0000' } } })).toBe(true);
    expect(componentLookups(getSchema)).toBe(before + 2);
  });

  it('verdicts equal a full Ajv over the whole schema: nested, recursive, a pointer into a component', () => {
    const ajv = createAjv();
    const ref = ajv.compile(account as object);
    const set = new ValidatorSet(new Map([['op.200', account]]));
    const v = set.get('op.200')!;
    const data = [
      { id: 'a', owner: { card: { last4: '12x4' } } },
      { id: 'a', owner: { spare: { last4: '1234' } } },
      { id: 'a', owner: { spare: {} } },
      { id: 'a', owner: { spare: { last4: '1234', x: 1 } } },
      { id: 'a', tree: { name: 'r', kids: [{ name: 'k', kids: [{ name: 'g' }] }] } },
      { id: 'a', tree: { name: 'r', kids: [{ name: 'k', kids: [{ kids: [] }] }] } },
      { id: 'a', last4: '4321' },
      { id: 'a', last4: '43' },
      { owner: {} },
    ];
    // Valid data first: each verdict is the lazy code's own (no failure, so no full validator yet).
    const ordered = [...data.filter((d) => ref(d)), ...data.filter((d) => !ref(d))];
    expect(ordered.filter((d) => ref(d)).length).toBe(3);
    for (const d of ordered) {
      expect([d, v(d)]).toEqual([d, ref(d)]);
      if (ref(d)) expect(set.fullCount).toBe(0);
    }
  });

  it('with unevaluatedProperties in the set, a property a referenced component declares still counts as evaluated', () => {
    const Base = { type: 'object', properties: { kind: { type: 'string' } } };
    const strict: JsonSchema = { allOf: [{ $ref: '#/$defs/Base' }], properties: { id: { type: 'string' } }, unevaluatedProperties: false, $defs: { Base } };
    const set = new ValidatorSet(new Map([['op.200', strict]]));
    const v = set.get('op.200')!;
    expect(v({ id: 'a', kind: 'b' })).toBe(true);
    expect(set.fullCount).toBe(0); // the verdict itself said so: no fallback to the full validator
    expect(v({ id: 'a', other: 1 })).toBe(false);
  });

  it('a pattern that is not a regular expression, in a component no data reaches, is still refused when the schema compiles', () => {
    const broken: JsonSchema = { type: 'object', properties: { deep: { $ref: '#/$defs/Bad' } }, $defs: { Bad: { type: 'string', pattern: '([a-z' } } };
    expect(() => new ValidatorSet(new Map([['op.200', broken]])).get('op.200')).toThrow(/Invalid regular expression/);
  });
});
