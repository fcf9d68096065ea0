import { describe, expect, it } from 'vitest';
import { appendPointer, followRefs, fragmentToPath, pathToFragment, pathToPointer, pointerToPath, resolvePointer } from '../../src/util/pointer.js';

const awkward = ['a/b', 'c~d', '50%', '100%25', '%E0%A4%A', 'x y', '~01', '', 'é', 0];

describe('JSON pointers: one encoder, one decoder, symmetric (issue 12, bug 7)', () => {
  it('a plain pointer round-trips any key, % included (never URI-decoded)', () => {
    const path = awkward.map(String);
    expect(pointerToPath(pathToPointer(path))).toEqual(path);
    expect(pathToPointer(['paths', '/users/{id}', 'get'])).toBe('/paths/~1users~1{id}/get');
    expect(pointerToPath('/examples/50%')).toEqual(['examples', '50%']);
    expect(pointerToPath('/examples/100%25')).toEqual(['examples', '100%25']);
    expect(pointerToPath('')).toEqual([]);
  });

  it('a $ref fragment is percent-decoded; a stray % is kept, never thrown', () => {
    const path = awkward.map(String);
    expect(fragmentToPath(pathToFragment(path))).toEqual(path);
    expect(fragmentToPath('#/components/schemas/A%20B')).toEqual(['components', 'schemas', 'A B']);
    expect(fragmentToPath('#/components/schemas/50%')).toEqual(['components', 'schemas', '50%']);
    expect(pointerToPath('#/a~1b')).toEqual(['a/b']);
    expect(fragmentToPath('#')).toEqual([]);
    expect(pathToFragment(['$defs', 'Thing'])).toBe('#/$defs/Thing');
  });

  it('appendPointer escapes the keys it adds', () => {
    expect(appendPointer('/paths', '/a', 'get')).toBe('/paths/~1a/get');
  });

  it('resolvePointer and followRefs read plain pointers and fragments alike', () => {
    const doc = { components: { schemas: { 'A B': { type: 'string' }, '50%': { type: 'integer' }, Alias: { $ref: '#/components/schemas/A%20B' } } } };
    expect(resolvePointer(doc, '/components/schemas/A B')).toEqual({ type: 'string' });
    expect(resolvePointer(doc, '#/components/schemas/A%20B')).toEqual({ type: 'string' });
    expect(resolvePointer(doc, '/components/schemas/50%')).toEqual({ type: 'integer' });
    expect(resolvePointer(doc, '/components/schemas/toString')).toBeUndefined();
    expect(followRefs(doc, { $ref: '#/components/schemas/Alias' })).toEqual({ node: { type: 'string' }, pointer: '/components/schemas/A B' });
    expect(followRefs(doc, { $ref: 'other.yaml#/x' })).toEqual({ node: undefined });
  });
});
