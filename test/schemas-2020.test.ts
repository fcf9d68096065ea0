// JSON Schema 2020-12 in an OpenAPI 3.1 document, where Prism's mock cannot serve as the target
// (test/corpus.test.ts has the keywords it honours): each keyword is judged as the document says,
// conforming answers pass and each wrong one fails at its pointer.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadApi } from '../src/validate/load.js';
import { validateResponse } from '../src/validate/validator.js';

const file = join(import.meta.dirname, 'fixtures/any-document/schemas-2020.yaml');
const answer = (body: unknown) => ({ status: 200, headers: { 'content-type': 'application/json' }, body });
const good = { at: [2.35, 48.85], parcel: { kind: 'letter', weightGrams: 20 }, rates: { FR: 1.5 }, route: { to: 'a', next: { to: 'b', next: { to: 'c' } } } };

describe('JSON Schema 2020-12 keywords in a 3.1 document', () => {
  it('load (a `$ref` to an `$anchor` included), and a conforming answer passes', async () => {
    const api = await loadApi(file);
    expect(validateResponse(api, 'getPlace', answer(good))).toEqual([]);
    expect(validateResponse(api, 'getPlace', answer({ ...good, parcel: { kind: 'box', weightGrams: 5000 } }))).toEqual([]);
  });

  it.each([
    ['prefixItems: the second item out of range', { at: [2, 100] }, '/at/1'],
    ['items: false after the prefix', { at: [2, 3, 4] }, '/at'],
    ['if/then: a letter over 2,000 g', { parcel: { kind: 'letter', weightGrams: 2500 } }, '/parcel/weightGrams'],
    ['exclusiveMinimum 0: 0 itself', { parcel: { kind: 'box', weightGrams: 0 } }, '/parcel/weightGrams'],
    ['propertyNames', { rates: { france: 1 } }, '/rates'],
    ['a numeric exclusiveMinimum in additionalProperties', { rates: { FR: 0 } }, '/rates/FR'],
    ['a recursive anchor, two levels down', { route: { to: 'a', next: { to: 'b', next: { to: 3 } } } }, '/route/next/next/to'],
  ])('%s fails at its pointer', async (_what, change, pointer) => {
    const api = await loadApi(file);
    const issues = validateResponse(api, 'getPlace', answer({ ...good, ...change }));
    expect(issues.map((i) => i.pointer)).toContain(pointer);
  });
});
