import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApi } from '../src/validate/load.js';
import { validateResponse } from '../src/validate/validator.js';

// Ajv refuses these schemas ('"nullable" cannot be used without "type"', 'examples must be
// array'), though none of them asserts anything about a value: two SendGrid documents were refused for them.
const DOC = join(import.meta.dirname, 'fixtures/any-document/misshapen-annotations.yaml');
const answer = (status: number, body: unknown) => ({ status, headers: { 'content-type': 'application/json' }, body });

describe('annotations of the wrong shape do not refuse a document', () => {
  it('each misshapen meta-data keyword is a warning at its line; a typeless nullable says nothing and is dropped', async () => {
    const api = await loadApi(DOC);
    expect(api.warnings).toEqual([
      `${DOC}:25:21: "examples" is an object, not an array (JSON Schema 2020-12 meta-data): an annotation, not read`,
      `${DOC}:29:21: "description" is a number, not a string (JSON Schema 2020-12 meta-data): an annotation, not read`,
      `${DOC}:30:21: "readOnly" is a string, not a boolean (JSON Schema 2020-12 meta-data): an annotation, not read`,
    ]);
  });

  it('the assertions around them still hold', async () => {
    const api = await loadApi(DOC);
    // A schema with no type allows anything, null too: nullable or not.
    for (const body of [null, 1, { a: 1 }]) expect(validateResponse(api, 'getMessage', answer(202, body))).toEqual([]);
    expect(validateResponse(api, 'getMessage', answer(200, { category: ['a'], note: 'n' }))).toEqual([]);
    expect(validateResponse(api, 'getMessage', answer(200, { category: [1], note: 2 })).map((i) => i.pointer).sort()).toEqual(['/category/0', '/note']);
  });
});
