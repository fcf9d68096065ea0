// Schemas the 2020-12 meta-schema accepts but Ajv's strict mode refuses ("if" without "then", a
// property a patternProperties pattern also matches…): the document loads, each keyword means what
// JSON Schema says, and the ones that have no effect are warned about at their line.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadApi } from '../src/validate/load.js';
import { validateResponse } from '../src/validate/validator.js';

const file = join(import.meta.dirname, 'fixtures/any-document/ineffective-keywords.yaml');
const answer = (body: unknown) => ({ status: 200, headers: { 'content-type': 'application/json' }, body });

describe('valid schemas that strict mode would refuse', () => {
  it('load, with one warning per keyword that has no effect, at its file:line', async () => {
    const api = await loadApi(file);
    expect(api.warnings).toEqual([
      `${file}:15:29: "if" without "then" or "else" has no effect`,
      `${file}:16:31: "then" without "if" has no effect`,
      `${file}:17:31: "else" without "if" has no effect`,
      `${file}:18:41: "minContains" without "contains" has no effect`,
      `${file}:18:57: "maxContains" without "contains" has no effect`,
    ]);
  });

  it('the lone keywords check nothing, so the example passes', async () => {
    const api = await loadApi(file);
    const example = api.operation('getLabels')!.responses[0]!.content[0]!.examples[0]!.value;
    expect(validateResponse(api, 'getLabels', answer(example))).toEqual([]);
  });

  it('a property matched by a pattern too is judged by both schemas (core 10.3.2.1-2)', async () => {
    const api = await loadApi(file);
    expect(validateResponse(api, 'getLabels', answer({ tags: { 'x-team': 'abcd' } })).map((i) => `${i.pointer} ${i.keyword}`)).toEqual(['/tags/x-team maxLength']);
    expect(validateResponse(api, 'getLabels', answer({ tags: { 'x-cost': 5 } })).map((i) => `${i.pointer} ${i.keyword}`)).toEqual(['/tags/x-cost type']);
  });

  it('the other keywords still apply: types are checked, minContains 0 lets an array without a match pass', async () => {
    const api = await loadApi(file);
    expect(validateResponse(api, 'getLabels', answer({ counts: 'none', any_contains: [] })).map((i) => i.pointer)).toEqual(['/counts']);
    expect(validateResponse(api, 'getLabels', answer({ any_contains: 'x' })).map((i) => i.pointer)).toEqual(['/any_contains']);
  });
});
