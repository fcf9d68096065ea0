// Verdict-only validators compile components alike but for their annotations once (src/validate/shared-defs.ts).
import { describe, expect, it } from 'vitest';
import { ValidatorSet } from '../../src/validate/compile.js';
import type { JsonSchema } from '../../src/model/types.js';

const entries = (set: ValidatorSet) =>
  Object.keys((set as unknown as { verdicts: { ajv: { schemas: Record<string, unknown> } } }).verdicts.ajv.schemas).filter((k) => k.startsWith('specgate:def:')).length;

describe('components shared by content in verdict code', () => {
  it('two components that differ only in annotations compile once; errors still name each one\'s own source', () => {
    const A = { type: 'object', description: 'a request', required: ['id'], properties: { id: { type: 'string', 'x-source': 'A: id is a string' } } };
    const B = { type: 'object', description: 'another request', required: ['id'], properties: { id: { type: 'string', 'x-source': 'B: id is a string' } } };
    const C = { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } };
    const root = (name: string): JsonSchema => ({ $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: `#/$defs/${name}`, $defs: { A, B, C } });
    const set = new ValidatorSet(new Map([['a.request', root('A')], ['b.request', root('B')], ['c.request', root('C')]]));
    expect(set.get('a.request')!({ id: 'x' })).toBe(true);
    expect(set.get('b.request')!({ id: 'x' })).toBe(true);
    expect(set.get('c.request')!({ id: 1 })).toBe(true);
    expect(set.get('c.request')!({ id: 'x' })).toBe(false);
    expect(entries(set)).toBe(2); // A and B are one entry, C another
    const b = set.get('b.request')!;
    expect(b({ id: 5 })).toBe(false);
    expect((b.errors![0].parentSchema as Record<string, unknown>)['x-source']).toBe('B: id is a string');
  });

  it('components on a cycle are never taken for each other', () => {
    // A list of strings and a list of integers, each recursive: alike in shape, not in content.
    const S = { type: 'object', properties: { value: { type: 'string' }, next: { $ref: '#/$defs/S' } } };
    const N = { type: 'object', properties: { value: { type: 'integer' }, next: { $ref: '#/$defs/N' } } };
    // Two recursive components equal in every keyword: each refers to itself, so each stays its own.
    const S2 = { type: 'object', properties: { value: { type: 'string' }, next: { $ref: '#/$defs/S2' } } };
    const defs = { S, N, S2 };
    const root = (name: string): JsonSchema => ({ $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: `#/$defs/${name}`, $defs: defs });
    const set = new ValidatorSet(new Map([['s', root('S')], ['n', root('N')], ['s2', root('S2')]]));
    expect(set.get('s')!({ value: 'a', next: { value: 'b' } })).toBe(true);
    expect(set.get('s')!({ value: 'a', next: { value: 2 } })).toBe(false);
    expect(set.get('n')!({ value: 1, next: { value: 2, next: { value: 3 } } })).toBe(true);
    expect(set.get('n')!({ value: 1, next: { value: 'b' } })).toBe(false);
    expect(set.get('s2')!({ value: 'a', next: { value: 'b' } })).toBe(true);
    expect(set.get('s2')!({ value: 'a', next: { value: 2 } })).toBe(false);
    expect(entries(set)).toBe(3);
  });
});
